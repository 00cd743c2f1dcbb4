/**
 * `node bench/dist/joined-projections-main.js <onnx-node|onnx-web> [rounds]`: the `mha` case's graph
 * (self-attention, batch 4, sequence 128, model 256, 8 heads) exported with and without the pass
 * fuse-sibling-projections, at opset 23 with the native Attention op and at opset 17 decomposed, beside
 * the hand-built attention-op and decomposed graphs. Each round runs every model once, in a new random
 * order; it prints each model's median and the median over rounds of the per-round time ratios, which
 * the machine's load moves less than the medians (docs/onnx-attention.md).
 */
import { cpus, loadavg } from 'node:os';
import { DEVICE_PASS_NAMES, MultiHeadAttention, PASS_NAMES, initWeights, type PassName } from '@layerspec/spec';
import { exportOnnx } from '@layerspec/backend-onnx';
import { selfAttentionGraph } from './cases/self-attention-graph.js';
import { loadRuntime } from './contenders-onnx.js';
import { handBuiltMha } from './peers/onnx-hand-mha.js';

const [backend, roundsArg] = process.argv.slice(2);
if (backend !== 'onnx-node' && backend !== 'onnx-web') {
  console.error('usage: node bench/dist/joined-projections-main.js <onnx-node|onnx-web> [rounds]');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 200);
const ort = await loadRuntime(backend);
const apart: PassName[] = PASS_NAMES.filter((n) => !DEVICE_PASS_NAMES.includes(n));
const joined: PassName[] = [...apart, 'fuse-sibling-projections'];
const shape = [4, 128, 256];
const graph = selfAttentionGraph(new MultiHeadAttention({ numHeads: 8, keyDim: 32 }), { dtype: 'float32', shape });
const w = initWeights(graph, { seed: 1 });
const models: Record<string, { bytes: Uint8Array; input: string }> = {
  'opset 23 native, joined': { bytes: exportOnnx(graph, w, { opset: 23, attention: 'native', passes: joined }), input: 'query' },
  'opset 23 native, apart': { bytes: exportOnnx(graph, w, { opset: 23, attention: 'native', passes: apart }), input: 'query' },
  'opset 17, joined': { bytes: exportOnnx(graph, w, { opset: 17, passes: joined }), input: 'query' },
  'opset 17, apart': { bytes: exportOnnx(graph, w, { opset: 17, passes: apart }), input: 'query' },
  'hand-built attention-op': { bytes: handBuiltMha('attention-op', { heads: 8, model: 256 }, w), input: 'x' },
  'hand-built decomposed': { bytes: handBuiltMha('decomposed', { heads: 8, model: 256 }, w), input: 'x' },
};
const names = Object.keys(models);
const x = Float32Array.from({ length: 4 * 128 * 256 }, (_, i) => Math.sin(0.37 * i));
const sessions = await Promise.all(names.map((n) => ort.InferenceSession.create(models[n]!.bytes)));
const times: number[][] = names.map(() => []);
const runOnce = async (i: number): Promise<number> => {
  const feeds = { [models[names[i]!]!.input]: new ort.Tensor('float32', x, shape) };
  const t0 = performance.now();
  await sessions[i]!.run(feeds);
  return performance.now() - t0;
};
for (let i = 0; i < names.length; i++) for (let k = 0; k < 5; k++) await runOnce(i);
const load = loadavg()[0]!.toFixed(1);
for (let r = 0; r < rounds; r++) {
  const order = names.map((_, i) => i).sort(() => Math.random() - 0.5);
  for (const i of order) times[i]!.push(await runOnce(i));
}
await Promise.all(sessions.map((s) => s.release()));

const median = (a: readonly number[]): number => {
  const s = [...a].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const perRound = (a: number, b: number): number => median(times[a]!.map((t, r) => t / times[b]![r]!));
console.log(`${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, Node ${process.version}; ${backend}, ${rounds} rounds`);
console.log(`load average ${load} before the rounds, ${loadavg()[0]!.toFixed(1)} after`);
names.forEach((n, i) => console.log(`${n.padEnd(26)} median ${median(times[i]!).toFixed(3)} ms`));
const best = median(times[4]!) <= median(times[5]!) ? 4 : 5;
console.log(`per-round ratio, joined / apart: opset 23 native ${perRound(0, 1).toFixed(3)}, opset 17 ${perRound(2, 3).toFixed(3)}`);
for (const i of [0, 1, 2, 3]) {
  console.log(
    `${names[i]} / ${names[best]}: medians ${(median(times[i]!) / median(times[best]!)).toFixed(3)}, per-round ${perRound(i, best).toFixed(3)}`,
  );
}
