/** Shared pieces of the hand-built graph tests: noisy weights, the reference run, an onnxruntime-web run. */
import * as ort from 'onnxruntime-web';
import { Random, initWeights, type Graph, type HostTensor } from '@layerspec/spec';
import { backend } from '@layerspec/backend-ref';

export function randomTensor(shape: number[], rng: Random): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, () => rng.normal()) };
}

/** initWeights plus noise on every weight, so a dropped bias or a swapped gate cannot hide behind zeros or ones. */
export function noisyWeights(graph: Graph, seed: number): Record<string, HostTensor> {
  const rng = new Random(seed, 7);
  const weights = initWeights(graph, { seed });
  for (const w of Object.values(weights)) w.data = w.data.map((v) => v + 0.3 * rng.normal());
  return weights;
}

export async function runReference(
  graph: Graph,
  feeds: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
): Promise<Record<string, HostTensor>> {
  const c = await backend.compile(graph);
  try {
    return await c.run(feeds, weights);
  } finally {
    c.dispose();
  }
}

/** Runs a serialized model on onnxruntime-web (single-threaded: the threaded build spawns workers in Node). */
export async function runOrtWeb(model: Uint8Array, feeds: Record<string, HostTensor>): Promise<Record<string, Float32Array>> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(model);
  try {
    const tensors = Object.fromEntries(
      Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor('float32', Float32Array.from(t.data), t.shape)]),
    );
    const results = await session.run(tensors);
    const out: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(results)) {
      if (!(t.data instanceof Float32Array)) throw new Error(`output '${name}' is ${t.type}, not float32`);
      out[name] = t.data;
    }
    return out;
  } finally {
    await session.release();
  }
}

export { maxAbsDiff } from '@layerspec/cli/format';
