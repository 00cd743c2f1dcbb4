import type { HostTensor } from '@layerspec/spec';
import { endProgress, table } from './format.js';
import { handBuiltMha, type HandVariant } from './onnx-hand-graphs.js';
import { mhaFlops, record, timeInterleaved, type Contender } from './timing.js';

/** The subset of onnxruntime's API the benchmark needs, shared by onnxruntime-web and -node. */
interface OrtLike {
  InferenceSession: { create(model: Uint8Array): Promise<{ run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>; release(): Promise<void> }> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

export interface OnnxContender {
  name: string;
  model: Uint8Array;
  /** The model's inputs; each is fed the same x (self-attention). */
  inputNames: readonly string[];
}

async function runtimes(): Promise<[string, OrtLike][]> {
  const found: [string, OrtLike][] = [];
  try {
    found.push(['onnxruntime-node', (await import('onnxruntime-node')) as OrtLike]);
  } catch {
    // onnxruntime-node is optional; without it only the web runtime is measured.
  }
  found.push(['onnxruntime-web', (await import('onnxruntime-web')) as OrtLike]);
  return found;
}

/**
 * Each ONNX contender on each runtime, beside the best hand-built graphs for the same computation:
 * decomposed ops, the opset-23 Attention op, and com.microsoft.MultiHeadAttention.
 */
export async function onnxSuite(
  sizes: { batch: number; seq: number; model: number; heads: number },
  weights: Record<string, HostTensor>,
  x: HostTensor,
  ours: readonly OnnxContender[],
  runs: number,
): Promise<void> {
  const variants: HandVariant[] = ['decomposed', 'attention-op', 'contrib-mha'];
  for (const [runtime, ort] of await runtimes()) {
    const contenders: Contender[] = [];
    const sessions: { release(): Promise<void> }[] = [];
    const all: OnnxContender[] = [
      ...ours,
      ...variants.map((v) => ({ name: `hand-built ${v}`, model: handBuiltMha(v, sizes, weights), inputNames: ['x'] })),
    ];
    for (const c of all) {
      const session = await ort.InferenceSession.create(c.model);
      sessions.push(session);
      const tensor = new ort.Tensor('float32', x.data as Float32Array, x.shape);
      const feeds = Object.fromEntries(c.inputNames.map((name) => [name, tensor]));
      contenders.push({ name: c.name, once: async () => void (await session.run(feeds)) });
    }
    const timings = await timeInterleaved(runtime, contenders, runs, mhaFlops(sizes));
    for (const s of sessions) await s.release();
    endProgress();
    const best = timings.slice(ours.length).reduce((a, b) => (b.medianMs < a.medianMs ? b : a));
    record(`forward on ${runtime}`, timings, best);
    console.log(`\nforward on ${runtime} (time / best hand-built, which is ${best.name})`);
    console.log(table([
      ['graph', 'median ms', 'GFLOP/s', 'time / best hand-built'],
      ...timings.map((t) => [t.name, t.medianMs.toFixed(2), t.gflops.toFixed(2), (t.medianMs / best.medianMs).toFixed(2)]),
    ]));
  }
}
