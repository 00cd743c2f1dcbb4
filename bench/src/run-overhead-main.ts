/**
 * `node bench/dist/run-overhead-main.js [runs]`: `compiled.run` and a bound runner against `session.run`
 * on the identical exported model, on onnx-web and onnx-node, for the mha and layernorm cases at their
 * default sizes.
 */
import '@layerspec/backend-onnx';
import { listBackends } from '@layerspec/spec';
import { CASES } from './cases/index.js';
import { measureOverhead } from './run-overhead.js';

const runs = Number(process.argv[2] ?? 30);
console.log(`median of ${runs} interleaved runs`);
console.log(
  '| case | backend | session.run ms | compiled.run ms (ratio of medians, median of paired ratios) | bound.run ms (ratio of medians, median of paired ratios) | weight snapshot ms | bindRun ms | bindInputs ms |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const id of ['mha', 'layernorm'] as const) {
  const setup = CASES[id].setup(CASES[id].defaults);
  for (const backend of (['onnx-web', 'onnx-node'] as const).filter((b) => listBackends().includes(b))) {
    const r = await measureOverhead(setup, backend, runs);
    const ratios = (ms: number, paired: number) => `${ms.toFixed(2)} (${(ms / r.sessionMs).toFixed(3)}x, ${paired.toFixed(3)}x)`;
    console.log(
      `| ${setup.title} | ${backend} | ${r.sessionMs.toFixed(2)} | ${ratios(r.compiledMs, r.pairedRatio)} | ${ratios(r.boundMs, r.boundPairedRatio)} | ${r.snapshotMs.toFixed(3)} | ${r.bindMs.toFixed(3)} | ${r.bindInputsMs.toFixed(3)} |`,
    );
  }
}
