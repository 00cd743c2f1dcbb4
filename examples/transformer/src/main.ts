import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { backend as refBackend } from '@layerspec/backend-ref';
import { backend as tfjsBackend } from '@layerspec/backend-tfjs';
import { exportOnnx, nodeBackend, webBackend } from '@layerspec/backend-onnx';
import { evaluateOn, firstDifference, trainModel, type DecodeMode } from './pipeline.js';

const steps = Number(process.env['STEPS'] ?? 1200);
/** seeds the initial weights and the training batches; the held-out set is the same for every seed */
const seed = Number(process.env['SEED'] ?? 1);
if (!Number.isInteger(seed) || seed < 1) throw new Error(`SEED must be a positive integer, got '${process.env['SEED']}'`);
/** greedy decoding with key/value caches (default) or by re-running the whole graph for every position */
const mode = process.env['DECODE'] ?? 'cached';
if (mode !== 'cached' && mode !== 'recompute') throw new Error(`DECODE must be 'cached' or 'recompute', got '${mode}'`);
const decodeMode: DecodeMode = mode;
/** the run fails (exit code 1) below this exact-sequence accuracy, or when the runtimes' decodes differ */
const MIN_EXACT = 0.95;
const task = { minLen: 3, maxLen: 8 };
console.log(
  `Transformer (d_model 64, 4 heads, ff 128, 2+2 layers, post-LN) reversing digit sequences of length ${task.minLen}-${task.maxLen}, seed ${seed}`,
);
const trained = await trainModel({
  task,
  heldOutSize: 500,
  train: {
    steps,
    batchSize: 64,
    learningRate: 2e-3,
    seed,
    logEvery: 50,
    stopAtTokenAccuracy: 0.9995,
    onProgress: (step, loss, acc, s) =>
      console.log(`step ${String(step).padStart(5)}  loss ${loss.toFixed(4)}  token acc ${(acc * 100).toFixed(2)}%  ${s.toFixed(1)}s`),
  },
});
console.log(`trained in ${trained.trainSeconds.toFixed(1)}s`);

const outDir = fileURLToPath(new URL('../out/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const onnxBytes = exportOnnx(trained.graph, trained.weights, { opset: 17 });
writeFileSync(`${outDir}transformer.onnx`, onnxBytes);
console.log(`exported ${outDir}transformer.onnx (${(onnxBytes.length / 1024).toFixed(0)} KB)`);

const onnx = nodeBackend ?? webBackend;
const results = [];
for (const b of [tfjsBackend, onnx, refBackend]) {
  const r = await evaluateOn(b, trained, decodeMode);
  results.push(r);
  console.log(
    `${r.backend.padEnd(10)} held-out ${trained.test.sequences.length}: masked token acc ${(r.tokenAccuracy * 100).toFixed(2)}%, ` +
      `exact-sequence acc (greedy) ${(r.exact * 100).toFixed(2)}%, ${r.seconds.toFixed(1)}s (greedy decoding, ${decodeMode}: ${r.decodeSeconds.toFixed(1)}s)`,
  );
}
const [first, ...rest] = results;
let same = true;
for (const r of rest) {
  const i = firstDifference(first!.decoded, r.decoded);
  if (i >= 0) {
    same = false;
    console.log(`DIFFERENT: ${first!.backend} and ${r.backend} differ at held-out sequence ${i}`);
  }
}
console.log(same ? `greedy decodes identical on ${results.map((r) => r.backend).join(', ')}` : 'greedy decodes differ');
if (first!.exact < MIN_EXACT)
  console.log(
    `FAILED: exact-sequence accuracy ${(first!.exact * 100).toFixed(2)}% is below the ${MIN_EXACT * 100}% this example must reach`,
  );
if (!same || first!.exact < MIN_EXACT) process.exitCode = 1;
