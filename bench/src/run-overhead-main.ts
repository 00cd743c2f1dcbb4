/**
 * `node bench/dist/run-overhead-main.js [runs]`: `compiled.run` against `session.run` on the identical
 * exported model, on onnx-web and onnx-node, for the mha and layernorm cases at their default sizes.
 */
import '@layerspec/backend-onnx';
import { listBackends } from '@layerspec/spec';
import { CASES } from './cases/index.js';
import { measureOverhead } from './run-overhead.js';

const runs = Number(process.argv[2] ?? 30);
console.log(`median of ${runs} interleaved runs`);
console.log(
  '| case | backend | session.run ms | compiled.run ms | ratio of medians | median of paired ratios | of which weight snapshot ms | bindRun ms |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const id of ['mha', 'layernorm'] as const) {
  const setup = CASES[id].setup(CASES[id].defaults);
  for (const backend of (['onnx-web', 'onnx-node'] as const).filter((b) => listBackends().includes(b))) {
    const r = await measureOverhead(setup, backend, runs);
    const ratio = r.compiledMs / r.sessionMs;
    console.log(
      `| ${setup.title} | ${backend} | ${r.sessionMs.toFixed(2)} | ${r.compiledMs.toFixed(2)} | ${ratio.toFixed(3)}x | ${r.pairedRatio.toFixed(3)}x | ${r.snapshotMs.toFixed(3)} | ${r.bindMs.toFixed(3)} |`,
    );
  }
}
