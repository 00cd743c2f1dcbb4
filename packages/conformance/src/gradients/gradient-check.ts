/**
 * The gradient check: a target's gradient against float64 central differences on the reference engine,
 * along a random direction.
 *
 * With f(x) = <r, out(x)> (r a random N(0, 1) weighting of every float output) and v a random N(0, 1)
 * direction over every float input and weight, the target's directional derivative is
 * D_t = sum_x <grad_x f, v_x> and the reference's is D_ref (central-difference.ts, error ~1e-10
 * relative). The float32 backward pass computes each gradient entry as sums of products of
 * float32 values, so its error is a few ulps of the magnitudes involved, ~c u sum_x <|grad_x f|, |v_x|>
 * (the absolute directional derivative S), and, through a softmax of large logits, amplified like the
 * forward pass by the case's kappa (compare.ts). The normalized error is
 *     |D_t - D_ref| / (max(1, S) * kappa),
 * passing at <= RTOL = 1e-4 (~1700 u), the forward pass's tolerance: a wrong gradient formula (a
 * transposed operand, a dropped factor) moves D_t by a fraction of S, ~1e-1.
 */
import { Random, getBackend, type Graph, type HostTensor } from '@layerspec/spec';
import '@layerspec/backend-ref';
import { RTOL, type Comparison } from '../compare.js';
import { normalTensor } from '../data.js';
import { differenceFeeds, differenceGraph, differentiable, directionalDerivative } from './central-difference.js';
import type { GradientEngine } from './tfjs-gradient.js';

export interface GradientCase {
  graph: Graph;
  inputs: Record<string, HostTensor>;
  weights: Record<string, HostTensor>;
  seed: number;
  /** The forward pass's kappa for this case. */
  kappa: number;
  /** The float outputs' shapes (from a reference run), for the weighting r. */
  outputs: Record<string, HostTensor>;
}

export async function gradientCheck(c: GradientCase, engine: GradientEngine): Promise<Comparison> {
  const rng = new Random(c.seed, 41);
  const wrt = differentiable(c.graph);
  if (wrt.length === 0) return { error: 0, detail: 'nothing to differentiate', kappa: c.kappa, rawError: 0 };
  const all = { ...c.inputs, ...c.weights };
  const directions = Object.fromEntries(wrt.map((x) => [x, normalTensor(rng, [...all[x]!.shape])]));
  const weighting: Record<string, HostTensor> = {};
  for (const [name, t] of Object.entries(c.outputs)) if (t.dtype === 'float32') weighting[name] = normalTensor(rng, [...t.shape]);

  const diffGraph = differenceGraph(c.graph, wrt);
  const ref = await getBackend('ref').compile(diffGraph);
  let expected: number;
  try {
    expected = directionalDerivative(await ref.run(differenceFeeds(c.inputs, directions), c.weights), weighting);
  } finally {
    ref.dispose();
  }

  const grads = await engine(c.graph, c.inputs, c.weights, wrt, weighting);
  let actual = 0;
  let absolute = 0;
  for (const x of wrt) {
    const g = grads[x]!;
    const v = directions[x]!;
    for (let i = 0; i < v.data.length; i++) {
      actual += g.data[i]! * v.data[i]!;
      absolute += Math.abs(g.data[i]! * v.data[i]!);
    }
  }
  const scale = Math.max(1, absolute) * c.kappa;
  const raw = Math.abs(actual - expected);
  const error = Number.isFinite(actual) ? raw / scale : Infinity;
  const detail =
    `directional derivative ${actual} on the target, ${expected} by central differences on the reference ` +
    `(|D| sum ${absolute.toPrecision(3)}, normalized error ${error.toExponential(2)}, kappa ${c.kappa.toPrecision(3)}, tolerance ${RTOL})`;
  return { error, detail, kappa: c.kappa, rawError: raw / Math.max(1, absolute) };
}
