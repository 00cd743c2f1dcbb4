import { getBackend, initWeights, listBackends, formatShape } from '@layerspec/spec';
import '@layerspec/backend-ref';
import { DEMOS, demoInputs } from './catalog.js';
import { checksum, endProgress, progress, table } from './format.js';

/** Builds every layer, runs it on every registered backend, and prints shapes and checksums. */
export async function tour(): Promise<void> {
  const rows: string[][] = [['layer', 'backend', 'output', 'shape', 'checksum', 'ms']];
  for (const [i, demo] of DEMOS.entries()) {
    progress(`[${i + 1}/${DEMOS.length}] ${demo.title}`);
    const graph = demo.build();
    const weights = initWeights(graph, { seed: 1 });
    const inputs = demoInputs(graph, demo.sizes);
    for (const name of listBackends()) {
      const compiled = await getBackend(name).compile(graph);
      try {
        const start = performance.now();
        const outputs = await compiled.run(inputs, weights);
        const ms = (performance.now() - start).toFixed(1);
        for (const [output, t] of Object.entries(outputs)) rows.push([demo.title, name, output, formatShape(t.shape), checksum(t), ms]);
      } finally {
        compiled.dispose();
      }
    }
  }
  endProgress();
  console.log(table(rows));
}
