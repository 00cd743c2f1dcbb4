import type { GraphBuilder, Value } from '../graph/builder.js';
import { tensor } from '../tensor.js';

/** The most negative float32: masked logits become this, so a softmax never sees -inf - -inf. */
export const FLOAT32_LOWEST = -3.4028234663852886e38;

export type CausalAlignment = 'upperLeft' | 'lowerRight';

/**
 * softmax over the last axis restricted to `allowed` keys: masked positions get exactly 0, and a row
 * with no allowed key is all 0 (not NaN, not uniform).
 */
export function maskedSoftmax(b: GraphBuilder, logits: Value, allowed: Value | undefined): Value {
  if (!allowed) return b.op1('Softmax', [logits], { axis: -1 });
  const masked = b.op1('Where', [allowed, logits, b.scalar(FLOAT32_LOWEST)]);
  const weights = b.op1('Softmax', [masked], { axis: -1 });
  return b.op1('Where', [allowed, weights, b.scalar(0)]);
}

/**
 * A bool (Tq, Tk) mask from the last two dims of `scores`: key j is allowed for query i iff
 * j <= i (upperLeft) or j <= i + Tk - Tq (lowerRight). Static sizes give a constant; symbolic ones a
 * Shape -> Expand -> Trilu chain, so the graph still runs at every length.
 */
export function causalMask(b: GraphBuilder, scores: Value, alignment: CausalAlignment): Value {
  const shape = scores.type.shape;
  const tq = shape[shape.length - 2]!;
  const tk = shape[shape.length - 1]!;
  if (typeof tq === 'number' && typeof tk === 'number') {
    const offset = alignment === 'lowerRight' ? tk - tq : 0;
    const data = new Uint8Array(tq * tk);
    for (let i = 0; i < tq; i++) for (let j = 0; j < tk; j++) data[i * tk + j] = j <= i + offset ? 1 : 0;
    return b.constant({ dtype: 'bool', shape: [tq, tk], data });
  }
  const size = b.op1('Shape', [scores], { start: -2 });
  const ones = b.op1('Expand', [b.scalar(true, 'bool'), size]);
  if (alignment === 'upperLeft') return b.op1('Trilu', [ones], { upper: false });
  const tkSize = b.op1('Gather', [size, b.constant(tensor([1], [], 'int32'))], { axis: 0 });
  const tqSize = b.op1('Gather', [size, b.constant(tensor([0], [], 'int32'))], { axis: 0 });
  const k = b.op1('Sub', [tkSize, tqSize]);
  return b.op1('Trilu', [ones, k], { upper: false });
}

export interface AttendOptions {
  scale: number;
  softcap?: number | undefined;
  bias?: Value | undefined;
  mask?: Value | undefined;
  causal?: CausalAlignment | undefined;
  dropout: number;
  seed?: number;
}

/**
 * The attention core shared by every attention layer: logits = scale * q k^T, optional softcap, bias,
 * mask AND causal, masked softmax, dropout, weights @ v. Returns the output and the weights (pre-dropout).
 */
export function attend(b: GraphBuilder, q: Value, k: Value, v: Value, opts: AttendOptions): { output: Value; weights: Value } {
  const rank = k.type.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  const kT = b.value(k).transpose({ perm });
  let logits: Value = b.value(q).matMul(kT).mul(b.scalar(opts.scale));
  if (opts.softcap !== undefined) {
    const cap = b.scalar(opts.softcap);
    logits = b.value(logits).div(cap).tanh().mul(cap);
  }
  if (opts.bias) logits = b.op1('Add', [logits, opts.bias]);
  let allowed = opts.mask;
  if (opts.causal) {
    const causal = causalMask(b, logits, opts.causal);
    allowed = allowed ? b.op1('And', [allowed, causal]) : causal;
  }
  const weights = maskedSoftmax(b, logits, allowed);
  const dropped = opts.dropout > 0 ? b.op1('Dropout', [weights], { ratio: opts.dropout, seed: opts.seed ?? 0 }) : weights;
  return { output: b.op1('MatMul', [dropped, v]), weights };
}
