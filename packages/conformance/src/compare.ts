/**
 * How far a target may be from the reference engine.
 *
 * The reference engine is the oracle: it computes in float64 and rounds only the outputs to float32.
 * The targets compute every op in float32 (unit roundoff u = 2^-24 ~ 6e-8). A target output `a` matches
 * the reference output `r` when, for every element,
 *
 *     |a - r| <= RTOL * max(1, max|r|) * kappa,      RTOL = 1e-4,
 *
 * and the reported (normalized) error of a case is max |a - r| / (max(1, max|r|) * kappa), so a case
 * passes when its error is <= RTOL.
 *
 * - `max(1, max|r|)`: absolute for outputs below 1 (attention weights near 0, whose relative error
 *   means nothing), relative to the output tensor's magnitude above it.
 * - RTOL = 1e-4 is ~1700 u: a well-conditioned float32 graph of this size lands within ~1e-6 of the
 *   float64 value (the backends' golden tests measure < 5e-7), so this leaves 100x headroom for other
 *   summation orders, while a wrong formula (axis, mask, scale, gate order) shows up as 1e-2 or more.
 * - `kappa` >= 1 is the case's condition number, for the two places where float32 itself cannot do
 *   better, whatever the backend:
 *   * softmax of large logits: measured on the reference engine with the case's own q and k rows
 *     (softmax-sensitivity.ts): each logit is perturbed by its float32 error bound
 *     LOGIT_ULPS * u * (|q| |k|)_ij with random signs, and the output change (x2) is the allowance, so
 *     kappa = 1 + allowance / (RTOL * max(1, max|r|)). A saturated softmax passes almost no logit error
 *     on, so large logits no longer buy a large kappa by themselves. Where no logit MatMul is visible
 *     (a softmax inside a Scan body: AttentionWrapper) the layer's a-priori bound (logit-bounds.ts)
 *     gives kappa = 1 + LOGIT_ULPS * u * L / RTOL, capped at KAPPA_CAP because it is an estimate.
 *   * normalization of rows with a large mean and a small spread (LayerNormalization): the float32 mean
 *     of n values is known to ~n u max|x| (recursive summation; exact for n = 1, where x - mean is 0),
 *     x - mean adds u max|x|, and dividing by sqrt(var + epsilon) turns that into an output error of
 *     (n + 1) u max|x| / sqrt(var + epsilon) (times |gamma|, which the normalization by max|r| absorbs).
 *     So kappa = 1 + LN_ULPS * (n + 1) u max|x_row| / (sqrt(var_row + epsilon) * RTOL), maxed over the
 *     rows, LN_ULPS = 4 for other summation orders; 1 for a group of size 1.
 */
import { normalizeAxes, type HostTensor } from '@layerspec/spec';
import { forEachIndex, maxAbs } from './data.js';
import { LAYER_FACTS } from './facts.js';
import { num } from './logit-bounds.js';
import { LOGIT_ULPS } from './softmax-sensitivity.js';
import type { LayerCase } from './types.js';

export const RTOL = 1e-4;
const U = 2 ** -24;
const LN_ULPS = 4;
/** The largest kappa an a-priori (estimated) logit bound may give. */
export const KAPPA_CAP = 100;

/** An upper bound on sum_i |q_i k_i| * scale over the logits of the case (0 for layers without a softmax). */
export function logitBound(c: LayerCase, w: Record<string, HostTensor>): number {
  return LAYER_FACTS[c.layer].logitBound(c, w);
}

/** The normalization kappa of the case (see the top of this file; 1 for layers that do not center rows). */
export function normalizationCondition(c: LayerCase): number {
  if (!LAYER_FACTS[c.layer].normalizationCondition) return 1;
  const x = c.inputs['input'];
  if (!x) return 1;
  const axisCfg = c.config['axis'];
  const axes = normalizeAxes(Array.isArray(axisCfg) ? axisCfg.map((a) => num(a, -1)) : [num(axisCfg, -1)], x.shape.length, 'conformance');
  const eps = num(c.config['epsilon'], 1e-3);
  const groups = new Map<string, number[]>();
  forEachIndex(x.shape, (index, flat) => {
    const key = index.map((v, i) => (axes.includes(i) ? 0 : v)).join(',');
    const g = groups.get(key) ?? [];
    g.push(x.data[flat]!);
    groups.set(key, g);
  });
  let kappa = 1;
  for (const g of groups.values()) {
    const mean = g.reduce((a, v) => a + v, 0) / g.length;
    const variance = g.reduce((a, v) => a + (v - mean) ** 2, 0) / g.length;
    const m = g.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    if (g.length > 1) kappa = Math.max(kappa, 1 + (LN_ULPS * (g.length + 1) * U * m) / (Math.sqrt(variance + eps) * RTOL));
  }
  return kappa;
}

/** The kappa of an a-priori logit bound L (capped: it is an estimate). */
export function aPrioriLogitCondition(L: number): number {
  return Math.min(KAPPA_CAP, 1 + (LOGIT_ULPS * U * L) / RTOL);
}

/**
 * The kappa of a measured softmax allowance: the largest allowance of an output relative to the
 * tolerance's own scale, RTOL * max(1, max|r|).
 */
export function measuredLogitCondition(reference: Record<string, HostTensor>, allowance: Record<string, number>): number {
  let kappa = 1;
  for (const [name, r] of Object.entries(reference)) {
    kappa = Math.max(kappa, 1 + (allowance[name] ?? 0) / (RTOL * Math.max(1, maxAbs(r))));
  }
  return kappa;
}

export interface Comparison {
  /** Normalized error: max |a - r| / (max(1, max|r|) * kappa); Infinity for a NaN or a shape mismatch. */
  error: number;
  /** Where the worst element is, for the failure message. */
  detail: string;
  /** The kappa it was judged with, and the error before dividing by it (when known). */
  kappa?: number;
  rawError?: number;
}

export function compareOutputs(reference: Record<string, HostTensor>, actual: Record<string, HostTensor>, kappa: number): Comparison {
  let error = 0;
  let detail = '';
  for (const [name, r] of Object.entries(reference)) {
    const a = actual[name];
    if (!a) return { error: Infinity, detail: `output '${name}' is missing` };
    if (a.shape.join(',') !== r.shape.join(',')) {
      return { error: Infinity, detail: `output '${name}' has shape [${a.shape.join(', ')}], expected [${r.shape.join(', ')}]` };
    }
    const scale = Math.max(1, maxAbs(r)) * kappa;
    for (let i = 0; i < r.data.length; i++) {
      const av = a.data[i]!;
      const rv = r.data[i]!;
      const e = Number.isNaN(av) !== Number.isNaN(rv) || !Number.isFinite(av) ? Infinity : Math.abs(av - rv) / scale;
      if (e > error || (e === Infinity && error !== Infinity)) {
        error = e;
        detail = `output '${name}'[${i}]: got ${av}, reference ${rv} (normalized error ${e.toExponential(2)}, kappa ${kappa.toPrecision(3)})`;
      }
    }
  }
  return { error, detail, kappa, rawError: error * kappa };
}
