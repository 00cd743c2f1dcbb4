/**
 * What `compiled.run` adds to onnxruntime: the same exported model (the backend's own export of the
 * optimized graph, weights as initializers) run by `session.run` on tensors made once, against
 * `compiled.run` on HostTensors, interleaved (each round runs both, in alternating order, so neither
 * always follows the other); and, apart, the per-run weight snapshot compare and bindRun.
 */
import { WeightSnapshot, bindRun, getBackend, optimizeGraph, type HostTensor } from '@layerspec/spec';
import { exportOnnx } from '@layerspec/backend-onnx';
import { loadRuntime } from './contenders-onnx.js';
import type { CaseSetup } from './types.js';

export interface OverheadResult {
  readonly backend: 'onnx-web' | 'onnx-node';
  readonly sessionMs: number;
  readonly compiledMs: number;
  /** The median of each round's compiled / session ratio (the two runs of a round are adjacent in time). */
  readonly pairedRatio: number;
  /** The weight snapshot's compare of every weight, once per run. */
  readonly snapshotMs: number;
  /** bindRun: the inputs and weights checked against the graph. */
  readonly bindMs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeIt(f: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

export async function measureOverhead(setup: CaseSetup, backend: 'onnx-web' | 'onnx-node', runs: number): Promise<OverheadResult> {
  const ort = await loadRuntime(backend);
  const optimized = optimizeGraph(setup.graph);
  const bytes = exportOnnx(optimized, setup.weights, { opset: 17, weightsAs: 'initializers', passes: false });
  const session = await ort.InferenceSession.create(bytes);
  const feeds = Object.fromEntries(
    Object.entries(setup.feeds).map(([k, v]) => [k, new ort.Tensor('float32', Float32Array.from(v.data), v.shape)]),
  );
  const compiled = await getBackend(backend).compile(setup.graph);
  const snapshot = new WeightSnapshot();
  const weights: Record<string, HostTensor> = setup.weights;
  try {
    for (let i = 0; i < 3; i++) {
      await session.run(feeds);
      await compiled.run(setup.feeds, weights);
    }
    snapshot.update(optimized, weights);
    const s: number[] = [];
    const c: number[] = [];
    const snap: number[] = [];
    const bind: number[] = [];
    for (let i = 0; i < runs; i++) {
      const bySession = () => timeIt(() => session.run(feeds));
      const byCompiled = () => timeIt(() => compiled.run(setup.feeds, weights));
      if (i % 2 === 0) {
        s.push(await bySession());
        c.push(await byCompiled());
      } else {
        c.push(await byCompiled());
        s.push(await bySession());
      }
      snap.push(await timeIt(() => snapshot.update(optimized, weights)));
      bind.push(await timeIt(() => bindRun(optimized, setup.feeds, weights)));
    }
    const pairedRatio = median(c.map((ms, i) => ms / s[i]!));
    return { backend, sessionMs: median(s), compiledMs: median(c), pairedRatio, snapshotMs: median(snap), bindMs: median(bind) };
  } finally {
    compiled.dispose();
    await session.release();
  }
}
