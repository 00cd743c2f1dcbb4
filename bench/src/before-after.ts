/**
 * The same layers built and run by two builds of this repository in one process, timed in alternation:
 * this checkout's build and another checkout's (an older commit, built), each with its own layer
 * classes and its own backends. What it answers: did a change of the graphs (the passes that replaced
 * the hand-optimized layer files) keep the speed, layer by layer and backend by backend.
 */
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import type * as OnnxModule from '@layerspec/backend-onnx';
import type * as TfjsModule from '@layerspec/backend-tfjs';
import type * as SpecModule from '@layerspec/spec';
import { endProgress, maxAbsDiff } from '@layerspec/cli/format';
import { randomInput } from './cases/random-input.js';
import { loadRuntime } from './contenders-onnx.js';
import { timeInterleaved, warmUp, type Rounds } from './timing.js';

type Spec = typeof SpecModule;
type Graph = SpecModule.Graph;
type HostTensor = SpecModule.HostTensor;

/** One build: its spec module (with the registry its backends registered into) and its backend packages. */
export interface Build {
  label: string;
  spec: Spec;
  tfjs: typeof TfjsModule;
  onnx: typeof OnnxModule;
}

/** This checkout's build, through the workspace's own packages. */
export async function currentBuild(): Promise<Build> {
  await import('@layerspec/backend-ref');
  const tfjs = await import('@layerspec/backend-tfjs');
  const onnx = await import('@layerspec/backend-onnx');
  return { label: 'current', spec: await import('@layerspec/spec'), tfjs, onnx };
}

/** The build of another checkout of this repository (`npm ci && npm run build` run there), by its root folder. */
export async function buildAt(root: string, label: string): Promise<Build> {
  const entry = (pkg: string) => pathToFileURL(join(resolve(root), 'packages', pkg, 'dist', 'index.js')).href;
  await import(entry('backend-ref'));
  const tfjs: typeof TfjsModule = await import(entry('backend-tfjs'));
  const onnx: typeof OnnxModule = await import(entry('backend-onnx'));
  const spec: Spec = await import(entry('spec'));
  return { label, spec, tfjs, onnx };
}

/** A layer at the benchmark's sizes, built with a build's own classes. */
export interface LayerCase {
  id: string;
  title: string;
  build(spec: Spec): Graph;
  feeds: Record<string, HostTensor>;
}

const [B, T, D, L, DM, U] = [4, 16, 256, 196, 512, 256];
const RNN_STEPS = 32;
const float = (shape: number[]) => ({ dtype: 'float32' as const, shape });

function rnnCase(cell: 'LSTMCell' | 'GRUCell' | 'SimpleRNNCell'): LayerCase {
  return {
    id: `rnn-${cell.replace('Cell', '').toLowerCase()}`,
    title: `RNN(${cell}(${U}), returnSequences), batch ${B}, ${RNN_STEPS} steps of ${D}`,
    build: (spec) =>
      new spec.RNN({ cell: new spec[cell]({ units: U }), returnSequences: true }).build({ inputs: float([B, RNN_STEPS, D]) }),
    feeds: { inputs: randomInput([B, RNN_STEPS, D], 3) },
  };
}

const memoryFeeds = { inputs: randomInput([B, T, D], 3), memory: randomInput([B, L, DM], 4) };

/** MHA, LayerNorm and the Bahdanau AttentionWrapper at the `layerspec bench` sizes; the recurrent layers beside them. */
export const LAYER_CASES: readonly LayerCase[] = [
  {
    id: 'mha',
    title: 'MultiHeadAttention, self-attention, batch 4, sequence 128, model 256, 8 heads',
    build: (spec) =>
      new spec.MultiHeadAttention({ numHeads: 8, keyDim: 32 }).build({ query: float([4, 128, 256]), value: float([4, 128, 256]) }),
    feeds: { query: randomInput([4, 128, 256], 3), value: randomInput([4, 128, 256], 3) },
  },
  {
    id: 'layernorm',
    title: 'LayerNormalization, 8 x 512 x 512',
    build: (spec) => new spec.LayerNormalization({ epsilon: 1e-3 }).build({ input: float([8, 512, 512]) }),
    feeds: { input: randomInput([8, 512, 512], 3) },
  },
  {
    id: 'attention-wrapper',
    title: `AttentionWrapper (Bahdanau) around LSTMCell(${U}), batch ${B}, ${T} steps of ${D}, memory ${L} x ${DM}`,
    build: (spec) =>
      new spec.AttentionWrapper({ cell: new spec.LSTMCell({ units: U }), mechanism: 'bahdanau' }).build({
        inputs: float([B, T, D]),
        memory: float([B, L, DM]),
      }),
    feeds: memoryFeeds,
  },
  {
    id: 'luong-general',
    title: `AttentionWrapper (Luong 'general') around GRUCell(${U}), same sizes`,
    build: (spec) =>
      new spec.AttentionWrapper({ cell: new spec.GRUCell({ units: U }), mechanism: 'luong', score: 'general' }).build({
        inputs: float([B, T, D]),
        memory: float([B, L, DM]),
      }),
    feeds: memoryFeeds,
  },
  rnnCase('LSTMCell'),
  rnnCase('GRUCell'),
  rnnCase('SimpleRNNCell'),
];

export interface Comparison {
  layer: string;
  backend: string;
  /** Median ms of each build, in the order the builds were given. */
  medianMs: [number, number];
  runs: number;
  /** The largest difference between the two builds' first outputs. */
  maxAbsDiff: number;
}

interface Prepared {
  once(): Promise<void>;
  output(): ArrayLike<number>;
  dispose(): Promise<void> | void;
}

/** The reference engine as the benchmark's ref contender runs it: compile, then run on host tensors. */
async function prepareRef(
  build: Build,
  graph: Graph,
  weights: Record<string, HostTensor>,
  feeds: Record<string, HostTensor>,
): Promise<Prepared> {
  const compiled = await build.spec.getBackend('ref').compile(graph);
  let last: ArrayLike<number> = [];
  return {
    once: async () => void (last = (await compiled.run(feeds, weights))[graph.outputs[0]!.name]!.data),
    output: () => last,
    dispose: () => compiled.dispose(),
  };
}

/** tfjs on wasm as the benchmark's tfjs contender runs it: the build's runGraph on tensors made once (after the passes, where the build has them). */
async function prepareTfjs(
  build: Build,
  graph: Graph,
  weights: Record<string, HostTensor>,
  feeds: Record<string, HostTensor>,
): Promise<Prepared> {
  const { tf, runGraph, useRuntime } = build.tfjs;
  await useRuntime('wasm');
  const optimize: Spec['optimizeGraph'] | undefined = build.spec.optimizeGraph;
  const run = optimize ? optimize(graph) : graph;
  const tensors = Object.entries({ ...feeds, ...weights }).map(([k, v]) => [k, tf.tensor(v.data, v.shape, v.dtype)] as const);
  let last: ArrayLike<number> = [];
  return {
    once: async () => {
      // runGraph takes what it frees out of its map: a new one each run.
      const y = tf.tidy(() => runGraph(run, new Map(tensors), false)[0]!);
      last = await y.data();
      y.dispose();
    },
    output: () => last,
    dispose: () => tf.dispose(tensors.map(([, t]) => t)),
  };
}

/** onnxruntime-node as the benchmark's export contender runs it: the build's exportOnnx (opset 17), one session, tensors made once. */
async function prepareOnnx(
  build: Build,
  graph: Graph,
  weights: Record<string, HostTensor>,
  feeds: Record<string, HostTensor>,
): Promise<Prepared> {
  const ort = await loadRuntime('onnx-node');
  const session = await ort.InferenceSession.create(build.onnx.exportOnnx(graph, weights, { opset: 17 }));
  const tensors = Object.fromEntries(
    Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', Float32Array.from(v.data), v.shape)]),
  );
  let last: ArrayLike<number> = [];
  return {
    once: async () => {
      const data = (await session.run(tensors))[session.outputNames[0]!]?.data;
      if (!(data instanceof Float32Array)) throw new Error('the output is not float32');
      last = data;
    },
    output: () => last,
    dispose: () => session.release(),
  };
}

export const BEFORE_AFTER_BACKENDS = { ref: prepareRef, 'tfjs-wasm': prepareTfjs, 'onnx-node': prepareOnnx } as const;
export type BeforeAfterBackend = keyof typeof BEFORE_AFTER_BACKENDS;

async function prepare(build: Build, layer: LayerCase, backend: BeforeAfterBackend): Promise<Prepared> {
  const graph = layer.build(build.spec);
  return BEFORE_AFTER_BACKENDS[backend](build, graph, build.spec.initWeights(graph, { seed: 1 }), layer.feeds);
}

/**
 * Times `layer` on `backend` for both builds, alternating (a fresh random order each round), after each
 * one's warm-up and an untimed round; the builds' own initWeights with the same seed make the weights.
 */
export async function compareBuilds(
  builds: readonly [Build, Build],
  layer: LayerCase,
  backend: BeforeAfterBackend,
  rounds: Rounds,
): Promise<Comparison> {
  const runners = [await prepare(builds[0], layer, backend), await prepare(builds[1], layer, backend)];
  for (const r of runners) await warmUp(() => r.once());
  const timings = await timeInterleaved(
    `${layer.id} on ${backend}`,
    runners.map((r, i) => ({ name: builds[i]!.label, once: () => r.once() })),
    rounds,
    0,
  );
  endProgress();
  const diff = maxAbsDiff(runners[0]!.output(), runners[1]!.output());
  for (const r of runners) await r.dispose();
  return {
    layer: layer.id,
    backend,
    medianMs: [timings[0]!.medianMs, timings[1]!.medianMs],
    runs: Math.min(timings[0]!.runs, timings[1]!.runs),
    maxAbsDiff: diff,
  };
}
