/**
 * `node bench/dist/decoding-floor-main.js [tokens] [rounds] [backends...]`: per decoding step, onnxruntime's
 * `session.run` alone on the exported step and recompute models, and the bound runners on the same
 * inputs (`src/decoding-floor.ts`), summed over `tokens` (default 64) steps, batch 1 and 8.
 */
import '@layerspec/backend-onnx';
import { listBackends } from '@layerspec/spec';
import { DEFAULT_DECODER } from './decoder-stack.js';
import { decodingFloor } from './decoding-floor.js';

const [tokensArg, roundsArg, ...named] = process.argv.slice(2);
const tokens = Number(tokensArg ?? 64);
const rounds = Number(roundsArg ?? 3);
const backends = (named.length > 0 ? named : ['onnx-node', 'onnx-web']).filter((b) => listBackends().includes(b));
console.log(`per-step medians of ${rounds} interleaved rounds, summed over ${tokens} steps (ms)`);
console.log('| backend | batch | session.run cached / recompute | ratio | bound.run cached / recompute | ratio |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const backend of backends) {
  for (const batch of [1, 8]) {
    const r = await decodingFloor(backend as 'onnx-web' | 'onnx-node', { ...DEFAULT_DECODER, batch }, tokens, rounds);
    const cell = (c: { cached: number; recompute: number }) =>
      `${c.cached.toFixed(1)} / ${c.recompute.toFixed(1)} | ${(c.recompute / c.cached).toFixed(2)}x`;
    console.log(`| ${backend} | ${batch} | ${cell(r.session)} | ${cell(r.bound)} |`);
  }
}
