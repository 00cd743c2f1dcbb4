/**
 * What `compiled.run` and a bound runner (`compiled.bind(weights)`) add to onnxruntime: the same
 * exported model (the backend's own export of the optimized graph, weights as initializers) run by
 * `session.run` on tensors made once, against `compiled.run(inputs, weights)` and `bound.run(inputs)` on
 * HostTensors, interleaved (each round runs all three, the order rotating, so none always follows
 * another); and, apart, the per-run weight snapshot compare, `bindRun`, and the bound runner's input check.
 */
import { WeightSnapshot, bindInputs, bindRun, getBackend, holdWeights, optimizeGraph, type HostTensor } from '@layerspec/spec';
import { exportOnnx } from '@layerspec/backend-onnx';
import { loadRuntime } from './contenders-onnx.js';
import type { CaseSetup } from './types.js';

export interface OverheadResult {
  readonly backend: 'onnx-web' | 'onnx-node';
  readonly sessionMs: number;
  readonly compiledMs: number;
  readonly boundMs: number;
  /** The median of each round's compiled / session ratio (the runs of a round are adjacent in time). */
  readonly pairedRatio: number;
  /** The median of each round's bound / session ratio. */
  readonly boundPairedRatio: number;
  /** The weight snapshot's compare of every weight, once per run of `compiled.run`. */
  readonly snapshotMs: number;
  /** bindRun: the inputs and weights checked against the graph (`compiled.run`). */
  readonly bindMs: number;
  /** bindInputs: the inputs checked against the graph and the held weights (`bound.run`). */
  readonly bindInputsMs: number;
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
  const weights: Record<string, HostTensor> = setup.weights;
  const bound = await compiled.bind(weights);
  const snapshot = new WeightSnapshot();
  const held = holdWeights(optimized, weights);
  try {
    for (let i = 0; i < 3; i++) {
      await session.run(feeds);
      await compiled.run(setup.feeds, weights);
      await bound.run(setup.feeds);
    }
    snapshot.update(optimized, weights);
    const times: [number[], number[], number[]] = [[], [], []];
    const contenders = [() => session.run(feeds), () => compiled.run(setup.feeds, weights), () => bound.run(setup.feeds)];
    const snap: number[] = [];
    const bind: number[] = [];
    const bindIn: number[] = [];
    for (let i = 0; i < runs; i++) {
      for (let k = 0; k < 3; k++) {
        const which = (i + k) % 3;
        times[which]!.push(await timeIt(contenders[which]!));
      }
      snap.push(await timeIt(() => snapshot.update(optimized, weights)));
      bind.push(await timeIt(() => bindRun(optimized, setup.feeds, weights)));
      bindIn.push(await timeIt(() => bindInputs(held, setup.feeds)));
    }
    const [s, c, b] = times;
    return {
      backend,
      sessionMs: median(s),
      compiledMs: median(c),
      boundMs: median(b),
      pairedRatio: median(c.map((ms, i) => ms / s[i]!)),
      boundPairedRatio: median(b.map((ms, i) => ms / s[i]!)),
      snapshotMs: median(snap),
      bindMs: median(bind),
      bindInputsMs: median(bindIn),
    };
  } finally {
    bound.dispose();
    compiled.dispose();
    await session.release();
  }
}
