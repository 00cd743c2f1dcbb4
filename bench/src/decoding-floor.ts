/**
 * The floor of the decoding speed-up on onnxruntime: for every step of a decoding of N tokens (cache
 * length p = 0 .. N-1 for the step model, sequence length p + 1 for the recompute model), `session.run`
 * alone on the exported models (the backend's own export of the optimized graph, weights as
 * initializers, opset 17) on tensors made once, and a bound runner's `run` on the same HostTensors,
 * interleaved. Per step the median over the rounds, summed over the steps: the ratio of the sums is
 * the speed-up onnxruntime itself allows, before anything this library adds.
 */
import { getBackend, initWeights, optimizeGraph, type BoundCompiled, type HostTensor } from '@layerspec/spec';
import { exportOnnx } from '@layerspec/backend-onnx';
import { loadRuntime } from './contenders-onnx.js';
import { decoderGraph, type DecoderSizes } from './decoder-stack.js';

export interface FloorResult {
  readonly backend: 'onnx-web' | 'onnx-node';
  readonly batch: number;
  /** Summed per-step medians, ms: session.run on the step and recompute models, then the bound runners. */
  readonly session: { readonly cached: number; readonly recompute: number };
  readonly bound: { readonly cached: number; readonly recompute: number };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const filled = (shape: number[], salt: number): HostTensor => ({
  dtype: 'float32',
  shape,
  data: Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => Math.sin(0.37 * i + salt)),
});

interface Model {
  run(p: number): Promise<unknown>;
  runBound(p: number): Promise<unknown>;
  dispose(): Promise<void>;
}

async function model(
  backend: 'onnx-web' | 'onnx-node',
  s: DecoderSizes,
  cache: boolean,
  weights: Record<string, HostTensor>,
): Promise<Model> {
  const ort = await loadRuntime(backend);
  const graph = decoderGraph(s, cache);
  const bytes = exportOnnx(optimizeGraph(graph), weights, { opset: 17, weightsAs: 'initializers', passes: false });
  const session = await ort.InferenceSession.create(bytes);
  const compiled = await getBackend(backend).compile(graph);
  const bound: BoundCompiled = await compiled.bind(weights);
  const keyDim = s.dModel / s.heads;
  const inputsAt = (p: number): Record<string, HostTensor> => {
    const inputs: Record<string, HostTensor> = { x: filled([s.batch, cache ? 1 : p + 1, s.dModel], p) };
    if (cache) for (const v of graph.inputs.slice(1)) inputs[v.name] = filled([s.batch, s.heads, p, keyDim], p + 1);
    return inputs;
  };
  const hosts = new Map<number, Record<string, HostTensor>>();
  const feeds = new Map<number, Record<string, unknown>>();
  const at = (p: number): Record<string, HostTensor> => {
    if (!hosts.has(p)) hosts.set(p, inputsAt(p));
    return hosts.get(p)!;
  };
  const feedsAt = (p: number): Record<string, unknown> => {
    if (!feeds.has(p))
      feeds.set(
        p,
        Object.fromEntries(Object.entries(at(p)).map(([k, v]) => [k, new ort.Tensor('float32', v.data as Float32Array, v.shape)])),
      );
    return feeds.get(p)!;
  };
  return {
    run: (p) => session.run(feedsAt(p)),
    runBound: (p) => bound.run(at(p)),
    dispose: async () => {
      bound.dispose();
      compiled.dispose();
      await session.release();
    },
  };
}

async function timeIt(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

export async function decodingFloor(backend: 'onnx-web' | 'onnx-node', s: DecoderSizes, steps: number, rounds = 3): Promise<FloorResult> {
  const weights = initWeights(decoderGraph(s, false), { seed: 1 });
  const step = await model(backend, s, true, weights);
  const full = await model(backend, s, false, weights);
  try {
    const contenders = [
      (p: number) => step.run(p),
      (p: number) => full.run(p),
      (p: number) => step.runBound(p),
      (p: number) => full.runBound(p),
    ];
    // One untimed pass over every length, then the rounds; per step, the order rotates.
    for (let p = 0; p < steps; p++) for (const c of contenders) await c(p);
    const times = contenders.map(() => Array.from({ length: steps }, (): number[] => []));
    for (let round = 0; round < rounds; round++) {
      for (let p = 0; p < steps; p++) {
        for (let k = 0; k < contenders.length; k++) {
          const which = (p + round + k) % contenders.length;
          times[which]![p]!.push(await timeIt(() => contenders[which]!(p)));
        }
      }
    }
    const sum = (which: number): number => times[which]!.reduce((a, perStep) => a + median(perStep), 0);
    return {
      backend,
      batch: s.batch,
      session: { cached: sum(0), recompute: sum(1) },
      bound: { cached: sum(2), recompute: sum(3) },
    };
  } finally {
    await step.dispose();
    await full.dispose();
  }
}
