import type { Backend, Graph, HostTensor } from '@layerspec/spec';
import { heldOut, makeBatch, windowLength, type Batch, type TaskConfig } from './data.js';
import { cachedGreedyDecode, exactAccuracy, greedyDecode, type StepModel } from './decode.js';
import { buildDecoderStep, buildEncoder } from './decoding-model.js';
import { tokenAccuracy } from './evaluate.js';
import { buildTransformer, DEFAULT_MODEL, type ModelConfig } from './model.js';
import { train, type TrainOptions } from './train.js';

export interface RunOptions {
  task: TaskConfig;
  model?: Partial<Omit<ModelConfig, 'length'>>;
  heldOutSize: number;
  train: Omit<TrainOptions, 'exclude'>;
}

export interface DecodeResult {
  backend: string;
  decoded: number[][];
  exact: number;
  seconds: number;
}

export interface Trained {
  graph: Graph;
  config: ModelConfig;
  weights: Record<string, HostTensor>;
  test: Batch;
  trainSeconds: number;
}

export async function trainModel(opts: RunOptions): Promise<Trained> {
  const config: ModelConfig = { ...DEFAULT_MODEL, ...opts.model, length: windowLength(opts.task) };
  const graph = buildTransformer(config);
  const testSeqs = heldOut(opts.task, opts.heldOutSize, 12345);
  const exclude = new Set(testSeqs.map((s) => s.join('')));
  const t0 = performance.now();
  const weights = await train(graph, opts.task, { ...opts.train, exclude });
  return { graph, config, weights, test: makeBatch(opts.task, testSeqs), trainSeconds: (performance.now() - t0) / 1000 };
}

/**
 * Greedy decoding: `cached` (the default) runs the encoder once and then one decoder step per position
 * with key/value caches (`cachedGreedyDecode`); `recompute` re-runs the whole graph for every position
 * (`greedyDecode`). Both choose the same tokens.
 */
export type DecodeMode = 'cached' | 'recompute';

/** Compiles the encoder and the decoder step of the trained model's config on `backend`. */
async function compileStepModel(backend: Backend, t: Trained): Promise<StepModel> {
  const encoderGraph = buildEncoder(t.config);
  const stepGraph = buildDecoderStep(t.config);
  const encoder = await backend.compile(encoderGraph);
  try {
    return { encoder: { graph: encoderGraph, compiled: encoder }, step: { graph: stepGraph, compiled: await backend.compile(stepGraph) } };
  } catch (e) {
    encoder.dispose();
    throw e;
  }
}

export async function evaluateOn(
  backend: Backend,
  t: Trained,
  mode: DecodeMode = 'cached',
): Promise<DecodeResult & { tokenAccuracy: number; decodeSeconds: number }> {
  const compiled = await backend.compile(t.graph);
  try {
    const t0 = performance.now();
    const acc = await tokenAccuracy(compiled, t.weights, t.test);
    const t1 = performance.now();
    const decoded = mode === 'recompute' ? await greedyDecode(compiled, t.weights, t.test.src) : await decodeCached(backend, t);
    const t2 = performance.now();
    return {
      backend: backend.name,
      decoded,
      exact: exactAccuracy(decoded, t.test.sequences),
      tokenAccuracy: acc,
      seconds: (t2 - t0) / 1000,
      decodeSeconds: (t2 - t1) / 1000,
    };
  } finally {
    compiled.dispose();
  }
}

async function decodeCached(backend: Backend, t: Trained): Promise<number[][]> {
  const model = await compileStepModel(backend, t);
  try {
    return await cachedGreedyDecode(model, t.weights, t.test.src);
  } finally {
    model.encoder.compiled.dispose();
    model.step.compiled.dispose();
  }
}

/** Index of the first sequence where two decodes differ, or -1. */
export function firstDifference(a: number[][], b: number[][]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? []).join(',') !== (b[i] ?? []).join(',')) return i;
  }
  return -1;
}
