/**
 * `node bench/dist/decoding-main.js [tokens] [backends...]`: greedy decoding of `tokens` new tokens
 * (default 64) with and without key/value caches, batch 1 and 8, on each backend; prints a table of
 * medians over 3 interleaved rounds, after one untimed decoding of each.
 */
import '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { listBackends } from '@layerspec/spec';
import { benchDecoding } from './decoding.js';
import { DEFAULT_DECODER } from './decoder-stack.js';

const [tokensArg, ...named] = process.argv.slice(2);
const tokens = Number(tokensArg ?? 64);
const backends = named.length > 0 ? named : listBackends().filter((b) => b !== 'ref');
console.log(`greedy decoding, ${tokens} new tokens, decoder ${JSON.stringify({ ...DEFAULT_DECODER, batch: undefined })}`);
console.log('| backend | batch | cached tokens/s | recompute tokens/s | speed-up |');
console.log('| --- | --- | --- | --- | --- |');
for (const backend of backends) {
  for (const batch of [1, 8]) {
    const r = await benchDecoding(backend, { ...DEFAULT_DECODER, batch }, tokens);
    console.log(
      `| ${backend} | ${batch} | ${r.cachedTokensPerSecond.toFixed(1)} | ${r.recomputeTokensPerSecond.toFixed(1)} | ${r.speedUp.toFixed(1)}x |`,
    );
  }
}
