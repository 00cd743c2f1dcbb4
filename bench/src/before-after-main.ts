/**
 * `node bench/dist/before-after-main.js <checkout> [backends and layers...]`: each layer of `LAYER_CASES`
 * (default: all) built and run by the build of another checkout of this repository (`<checkout>`, built)
 * and by this one, in alternation in this process, on each backend (default: ref, tfjs-wasm, onnx-node);
 * prints a table of medians and the ratio of this build's to the other's.
 */
import { cpus } from 'node:os';
import { LAYER_CASES, buildAt, compareBuilds, currentBuild, type BeforeAfterBackend } from './before-after.js';

const [checkout, ...named] = process.argv.slice(2);
if (checkout === undefined || checkout.startsWith('-')) {
  console.error('usage: node bench/dist/before-after-main.js <checkout of another commit, built> [backends and layers...]');
  process.exit(2);
}
const known: BeforeAfterBackend[] = ['ref', 'tfjs-wasm', 'onnx-node'];
for (const n of named) {
  if (!known.some((k) => k === n) && !LAYER_CASES.some((l) => l.id === n)) {
    console.error(`'${n}' is neither a backend (${known.join(', ')}) nor a layer (${LAYER_CASES.map((l) => l.id).join(', ')})`);
    process.exit(2);
  }
}
const chosenBackends = known.filter((k) => named.includes(k));
const backends = chosenBackends.length > 0 ? chosenBackends : known;
const chosenLayers = LAYER_CASES.filter((l) => named.includes(l.id));
const layers = chosenLayers.length > 0 ? chosenLayers : LAYER_CASES;
const before = await buildAt(checkout, 'before');
const current = await currentBuild();
const rounds = { min: 5, max: 200, budgetMs: 10_000 };
console.log(`${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, Node ${process.version}`);
console.log(`median ms of interleaved runs (at least ${rounds.min}, then more while under ${rounds.budgetMs / 1000} s), after warm-up`);
console.log('| layer | backend | before ms | current ms | current / before | runs | max abs diff |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const layer of layers) {
  for (const backend of backends) {
    const r = await compareBuilds([before, current], layer, backend, rounds);
    const [b, c] = r.medianMs;
    console.log(
      `| ${r.layer} | ${backend} | ${b.toFixed(2)} | ${c.toFixed(2)} | ${(c / b).toFixed(2)} | ${r.runs} | ${r.maxAbsDiff.toExponential(1)} |`,
    );
  }
}
