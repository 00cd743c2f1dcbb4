/** compile runs the graph passes unless told not to; the plain and the rewritten graph compute the same outputs. */
import { describe, expect, it } from 'vitest';
import {
  AttentionWrapper,
  GRUCell,
  MultiHeadAttention,
  initWeights,
  tensor,
  type Backend,
  type Graph,
  type HostTensor,
} from '@layerspec/spec';
import { cpuBackend, wasmBackend } from './index.js';

const f32 = (...shape: (number | string)[]) => ({ dtype: 'float32' as const, shape });
const series = (n: number, shape: number[], k: number): HostTensor =>
  tensor(
    Array.from({ length: n }, (_, i) => Math.sin(i * k)),
    shape,
  );

const cases: { name: string; graph: Graph; inputs: Record<string, HostTensor> }[] = [
  {
    name: 'MultiHeadAttention',
    graph: new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).build(
      { query: f32('b', 3, 8), value: f32('b', 5, 8) },
      { useCausalMask: true },
    ),
    inputs: { query: series(2 * 3 * 8, [2, 3, 8], 0.3), value: series(2 * 5 * 8, [2, 5, 8], 0.7) },
  },
  {
    name: 'AttentionWrapper luong general GRU',
    graph: new AttentionWrapper({ cell: new GRUCell({ units: 4 }), mechanism: 'luong', score: 'general' }).build({
      inputs: f32('b', 't', 3),
      memory: f32('b', 5, 2),
    }),
    inputs: { inputs: series(2 * 6 * 3, [2, 6, 3], 0.37), memory: series(2 * 5 * 2, [2, 5, 2], 0.11) },
  },
];

describe.each([cpuBackend, wasmBackend])('$name', (be: Backend) => {
  for (const c of cases) {
    it(`${c.name}: compile({ passes: false }) and the default give the same outputs`, async () => {
      const weights = initWeights(c.graph, { seed: 5 });
      const run = async (passes: boolean) => {
        const compiled = await be.compile(c.graph, { passes });
        try {
          return await compiled.run(c.inputs, weights);
        } finally {
          compiled.dispose();
        }
      };
      const plain = await run(false);
      const optimized = await run(true);
      plain['output']!.data.forEach((v, i) => expect(Math.abs(v - optimized['output']!.data[i]!), `output[${i}]`).toBeLessThan(1e-5));
    });
  }
});
