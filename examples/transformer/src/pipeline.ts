import type { Backend, Graph, HostTensor } from '@layerspec/spec';
import { heldOut, makeBatch, windowLength, type Batch, type TaskConfig } from './data.js';
import { exactAccuracy, greedyDecode } from './decode.js';
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
  weights: Record<string, HostTensor>;
  test: Batch;
  trainSeconds: number;
}

export async function trainModel(opts: RunOptions): Promise<Trained> {
  const graph = buildTransformer({ ...DEFAULT_MODEL, ...opts.model, length: windowLength(opts.task) });
  const testSeqs = heldOut(opts.task, opts.heldOutSize, 12345);
  const exclude = new Set(testSeqs.map((s) => s.join('')));
  const t0 = performance.now();
  const weights = await train(graph, opts.task, { ...opts.train, exclude });
  return { graph, weights, test: makeBatch(opts.task, testSeqs), trainSeconds: (performance.now() - t0) / 1000 };
}

export async function evaluateOn(backend: Backend, t: Trained): Promise<DecodeResult & { tokenAccuracy: number }> {
  const compiled = await backend.compile(t.graph);
  try {
    const t0 = performance.now();
    const acc = await tokenAccuracy(compiled, t.weights, t.test);
    const decoded = await greedyDecode(compiled, t.weights, t.test.src);
    return {
      backend: backend.name,
      decoded,
      exact: exactAccuracy(decoded, t.test.sequences),
      tokenAccuracy: acc,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    compiled.dispose();
  }
}

/** Index of the first sequence where two decodes differ, or -1. */
export function firstDifference(a: number[][], b: number[][]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? []).join(',') !== (b[i] ?? []).join(',')) return i;
  }
  return -1;
}
