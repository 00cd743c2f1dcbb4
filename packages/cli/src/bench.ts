import { MultiHeadAttention, Random, initWeights, type Graph, type HostTensor } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { exportOnnx } from '@layerspec/backend-onnx';
import { runGraph, tf, useRuntime } from '@layerspec/backend-tfjs';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import { endProgress, table } from './format.js';
import { mhaByHandTfjs, type MhaSizes } from './mha-by-hand-tfjs.js';
import { machine, mhaFlops, record, recorded, timeInterleaved, type Timing } from './timing.js';
import { writeFileSync } from 'node:fs';
import { onnxSuite } from './onnx-bench.js';

const DEFAULT_SIZES: MhaSizes = { batch: 4, seq: 128, model: 256, heads: 8 };

interface Setup {
  sizes: MhaSizes;
  graph: Graph;
  weights: Record<string, HostTensor>;
  x: HostTensor;
}

function setup(sizes: MhaSizes): Setup {
  const graph = new MultiHeadAttention({ numHeads: sizes.heads, keyDim: sizes.model / sizes.heads }).build({
    query: { dtype: 'float32', shape: [sizes.batch, sizes.seq, sizes.model] },
    value: { dtype: 'float32', shape: [sizes.batch, sizes.seq, sizes.model] },
  });
  const rng = new Random(3);
  const n = sizes.batch * sizes.seq * sizes.model;
  const x: HostTensor = { dtype: 'float32', shape: [sizes.batch, sizes.seq, sizes.model], data: Float32Array.from({ length: n }, () => rng.normal()) };
  return { sizes, graph, weights: initWeights(graph, { seed: 1 }), x };
}

function print(title: string, timings: readonly Timing[], baseline: Timing, column: string): void {
  record(title, timings, baseline);
  console.log(`\n${title}`);
  console.log(table([
    ['implementation', 'median ms', 'GFLOP/s', column],
    ...timings.map((t) => [t.name, t.medianMs.toFixed(1), t.gflops.toFixed(2), (t.medianMs / baseline.medianMs).toFixed(2)]),
  ]));
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** The reference engine beside the same computation hand-written in tfjs on its cpu backend. */
async function refSuite({ sizes, graph, weights, x }: Setup, runs: number): Promise<void> {
  const compiled = await ref.compile(graph);
  await useRuntime('cpu');
  const tfWeights = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]));
  const input = tf.tensor(x.data, x.shape);
  let refOut: HostTensor | undefined;
  let tfOut: Float32Array | undefined;
  const [refTiming, tfTiming] = await timeInterleaved('ref vs tfjs cpu', [
    { name: 'layerspec ref', once: async () => void (refOut = (await compiled.run({ query: x, value: x }, weights))['output']) },
    {
      name: 'tfjs cpu, by hand',
      once: async () => {
        const y = tf.tidy(() => mhaByHandTfjs(sizes, input, tfWeights));
        tfOut = (await y.data()) as Float32Array;
        y.dispose();
      },
    },
  ], runs, mhaFlops(sizes));
  compiled.dispose();
  tf.dispose([input, ...Object.values(tfWeights)]);
  endProgress();
  print('forward: reference engine vs TensorFlow.js cpu by hand (time ratio, lower is faster)', [refTiming!, tfTiming!], tfTiming!, 'time / tfjs cpu');
  console.log(`reference engine is ${(tfTiming!.medianMs / refTiming!.medianMs).toFixed(2)}x faster; max |ref - tfjs| ${maxDiff(refOut!.data, tfOut!).toExponential(2)}`);
}

/** This library's tfjs lowering beside hand-written tfjs, forward and forward+backward, on wasm. */
async function tfjsSuite({ sizes, graph, weights, x }: Setup, runs: number, runtime: 'wasm' | 'cpu'): Promise<void> {
  await useRuntime(runtime);
  const vars: Record<string, Variable> = Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, tf.variable(tf.tensor(v.data, v.shape), true, `bench/${k}`)]));
  const input = tf.tensor(x.data, x.shape);
  const lowered = (): Tensor => {
    const env = new Map<string, Tensor>([['query', input], ['value', input], ...Object.entries(vars)]);
    return runGraph(graph, env, false)[0]!;
  };
  const byHand = (): Tensor => mhaByHandTfjs(sizes, input, vars);
  const forward = (f: () => Tensor) => async () => {
    const y = tf.tidy(f);
    await y.data();
    y.dispose();
  };
  const backward = (f: () => Tensor) => async () => {
    const { value, grads } = tf.variableGrads(() => tf.sum(f()) as tf.Scalar);
    await Promise.all(Object.values(grads).map((g) => g.data()));
    tf.dispose([value, ...Object.values(grads)]);
  };
  const flops = mhaFlops(sizes);
  const fwd = await timeInterleaved(`tfjs ${runtime} forward`, [
    { name: `layerspec on tfjs ${runtime}`, once: forward(lowered) },
    { name: `tfjs ${runtime}, by hand`, once: forward(byHand) },
  ], runs, flops);
  const bwd = await timeInterleaved(`tfjs ${runtime} forward+backward`, [
    { name: `layerspec on tfjs ${runtime}`, once: backward(lowered) },
    { name: `tfjs ${runtime}, by hand`, once: backward(byHand) },
  ], runs, 3 * flops);
  const a = tf.tidy(lowered);
  const b = tf.tidy(byHand);
  const diff = maxDiff(await a.data(), await b.data());
  tf.dispose([a, b, input, ...Object.values(vars)]);
  endProgress();
  print(`forward on tfjs ${runtime}`, fwd, fwd[1]!, 'time / by hand');
  print(`forward+backward on tfjs ${runtime} (gradients of every weight)`, bwd, bwd[1]!, 'time / by hand');
  console.log(`max |lowering - by hand| ${diff.toExponential(2)}`);
}

function option(args: readonly string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] ?? fallback : fallback;
}

/** `layerspec bench [--suite ref|tfjs|onnx|all] [--runs N] [--seq N] [--json file]`. */
export async function bench(args: readonly string[]): Promise<void> {
  const runs = Number(option(args, '--runs', '7'));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a positive integer, got ${option(args, '--runs', '')}`);
  const seq = Number(option(args, '--seq', String(DEFAULT_SIZES.seq)));
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`--seq needs a positive integer, got ${option(args, '--seq', '')}`);
  const suite = option(args, '--suite', 'all');
  if (!['ref', 'tfjs', 'onnx', 'all'].includes(suite)) throw new Error(`--suite must be ref, tfjs, onnx or all, got ${suite}`);
  const json = option(args, '--json', '');
  tf.enableProdMode();
  const s = setup({ ...DEFAULT_SIZES, seq });
  const { sizes } = s;
  console.log(`MultiHeadAttention, batch ${sizes.batch}, seq ${sizes.seq}, model ${sizes.model}, heads ${sizes.heads}; medians of ${runs} interleaved runs after warm-up`);
  if (suite === 'ref' || suite === 'all') await refSuite(s, runs);
  if (suite === 'tfjs' || suite === 'all') await tfjsSuite(s, runs, 'wasm');
  if (suite === 'onnx' || suite === 'all') {
    const exported = ([17, 23] as const).map((opset) => ({
      name: `layerspec export, opset ${opset}`,
      model: exportOnnx(s.graph, s.weights, { opset }),
      inputNames: s.graph.inputs.map((v) => v.name),
    }));
    await onnxSuite(sizes, s.weights, s.x, exported, runs);
  }
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(`\npeak resident memory of this process: ${peakMiB.toFixed(0)} MiB`);
  if (json) {
    writeFileSync(json, JSON.stringify({ sizes, runs, machine: machine(), peakResidentMiB: Math.round(peakMiB), results: recorded() }, null, 2));
    console.log(`wrote ${json}`);
  }
}
