/** What the layer tests of this engine share. Test-only: tsconfig.build.json leaves src/testing out of dist. */
import type { Graph, HostTensor } from '@layerspec/spec';
import { backend } from '../index.js';

/** Compiles `graph` on the reference engine, runs it once and disposes of it. */
export async function runGraph(
  graph: Graph,
  inputs: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
): Promise<Record<string, HostTensor>> {
  const compiled = await backend.compile(graph);
  try {
    return await compiled.run(inputs, weights);
  } finally {
    compiled.dispose();
  }
}

/** Throws on the first NaN in any output. */
export function expectNoNaN(label: string, out: Record<string, HostTensor>): void {
  for (const [name, t] of Object.entries(out)) {
    for (let i = 0; i < t.data.length; i++) {
      if (Number.isNaN(t.data[i]!)) throw new Error(`${label}: NaN in output '${name}' at ${i}`);
    }
  }
}
