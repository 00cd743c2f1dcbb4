import type { BuiltValue, GraphBuilder, Value } from '../../graph/builder.js';
import { maskedSoftmax } from '../attention-core.js';

/**
 * An attention mechanism's values as the time loop reads them: the memory, its mask and the per-memory
 * terms of the score (computed once, before the loop), and the score's weights.
 */
export interface AttentionWeights {
  memory: Value;
  /** `memory_mask (B, L)`. */
  mask: Value | undefined;
  /** The per-memory terms `(B, L, n)`: `memory @ Wm + bias` for additive scores, `memory @ Wa^T` for 'general', the memory itself for 'dot'. */
  keys: Value;
  /** Additive scores: the query kernel `(u, units)` and `v (units)`. */
  additive: { queryKernel: Value; v: Value } | undefined;
  /** Luong's attentional kernel `(Dm + u, u)`. */
  outputKernel: Value | undefined;
}

/** Every distinct value of `w`, in a fixed order: what the loop captures. */
export function attentionValues(w: AttentionWeights): Value[] {
  const all = [w.memory, w.keys, w.mask, w.additive?.queryKernel, w.additive?.v, w.outputKernel].filter((v): v is Value => v !== undefined);
  return all.filter((v, i) => all.indexOf(v) === i);
}

/** `w` with every value replaced by `f(value)` (the loop body's side of a capture). */
export function mapAttention(w: AttentionWeights, f: (v: Value) => Value): AttentionWeights {
  return {
    memory: f(w.memory),
    mask: w.mask && f(w.mask),
    keys: f(w.keys),
    additive: w.additive && { queryKernel: f(w.additive.queryKernel), v: f(w.additive.v) },
    outputKernel: w.outputKernel && f(w.outputKernel),
  };
}

/** Additive (Bahdanau / Luong concat) scores `e[b, l] = v . tanh(keys[b, l] + query[b] @ Wq)`, `(B, L)`. */
export function additiveScores(b: GraphBuilder, query: Value, keys: Value, w: { queryKernel: Value; v: Value }): BuiltValue {
  const q = b
    .value(query)
    .matMul(w.queryKernel)
    .unsqueeze({ axes: [1] });
  return b.value(keys).add(q).tanh().matMul(w.v);
}

/** Multiplicative scores `e[b, l] = keys[b, l] . query[b]`, `(B, L)` ('dot' with keys = memory, 'general' with keys = memory Wa^T). */
export function dotScores(b: GraphBuilder, query: Value, keys: Value): BuiltValue {
  return b
    .value(keys)
    .matMul(b.value(query).unsqueeze({ axes: [2] }))
    .squeeze({ axes: [2] });
}

/** alpha = masked softmax over memory positions `(B, L)`; context = sum over l of alpha[l] memory_l, `(B, Dm)`. */
export function attendMemory(b: GraphBuilder, scores: Value, w: AttentionWeights): { alpha: Value; context: Value } {
  const alpha = maskedSoftmax(b, scores, w.mask);
  const context = b
    .value(alpha)
    .unsqueeze({ axes: [1] })
    .matMul(w.memory)
    .squeeze({ axes: [1] });
  return { alpha, context };
}
