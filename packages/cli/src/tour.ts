import { getBackend, initWeights, listBackends, formatShape, type HostTensor } from '@layerspec/spec';
import '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import { exportOnnx } from '@layerspec/backend-onnx';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMOS, demoInputs } from './catalog.js';
import { checksum, endProgress, median, progress, table } from './format.js';

/** Runs timed per layer and backend, after one warm-up run; the table shows their median. */
const TIMED_RUNS = 5;

function maxAbsDiff(a: HostTensor, b: HostTensor): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
  return m;
}

/**
 * Builds every layer once, runs it on every registered backend (the reference engine first), prints
 * each output's shape, checksum, largest difference from the reference engine, and time, and writes
 * each layer's ONNX model to `outDir`.
 */
export async function tour(outDir = 'out'): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const backends = ['ref', ...listBackends().filter((n) => n !== 'ref')];
  const rows: string[][] = [['layer', 'backend', 'output', 'shape', 'checksum', 'max |diff| vs ref', 'median ms']];
  for (const [i, demo] of DEMOS.entries()) {
    const graph = demo.build();
    const weights = initWeights(graph, { seed: 1 });
    const inputs = demoInputs(graph, demo.sizes);
    const file = join(outDir, `${String(i + 1).padStart(2, '0')}-${graph.name}.onnx`);
    writeFileSync(file, exportOnnx(graph, weights, { opset: 17 }));
    written.push(file);
    let reference: Record<string, HostTensor> | undefined;
    for (const name of backends) {
      progress(`[${i + 1}/${DEMOS.length}] ${demo.title} on ${name}`);
      const compiled = await getBackend(name).compile(graph);
      try {
        let outputs = await compiled.run(inputs, weights);
        const times: number[] = [];
        for (let r = 0; r < TIMED_RUNS; r++) {
          const start = performance.now();
          outputs = await compiled.run(inputs, weights);
          times.push(performance.now() - start);
        }
        const ms = median(times).toFixed(2);
        reference ??= outputs;
        for (const [output, t] of Object.entries(outputs)) {
          const diff = name === 'ref' ? '-' : maxAbsDiff(t, reference[output]!).toExponential(1);
          rows.push([demo.title, name, output, formatShape(t.shape), checksum(t), diff, ms]);
        }
      } finally {
        compiled.dispose();
      }
    }
  }
  endProgress();
  console.log(table(rows));
  console.log(`\nONNX models (opset 17, with these weights): ${written.join(', ')}`);
}
