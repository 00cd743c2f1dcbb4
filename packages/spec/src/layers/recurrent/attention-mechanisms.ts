import type { GraphBuilder, Value } from '../../graph/builder.js';
import { maskedSoftmax } from '../attention-core.js';

/** Weights of an attention mechanism, created once outside the time loop and captured by it. */
export interface AttentionWeights {
  /** Per-memory terms computed once: memory @ Wm for additive scores, memory @ Wa^T for 'general'. */
  keys: Value;
  /** (u, units) and (units) and (units) for additive scores. */
  queryKernel?: Value;
  bias?: Value;
  v?: Value;
}

/** Additive (Bahdanau / Luong concat) scores e[b, l] = v . tanh(keys[b, l] + query[b] @ Wq + bias). */
export function additiveScores(b: GraphBuilder, query: Value, w: AttentionWeights): Value {
  const q = b.op1('Unsqueeze', [b.op1('MatMul', [query, w.queryKernel!])], { axes: [1] });
  const hidden = b.op1('Tanh', [b.op1('Add', [b.op1('Add', [w.keys, q]), w.bias!])]);
  return b.op1('MatMul', [hidden, w.v!]);
}

/** Multiplicative scores e[b, l] = keys[b, l] . query[b] ('dot' with keys = memory, 'general' with keys = memory Wa^T). */
export function dotScores(b: GraphBuilder, query: Value, keys: Value): Value {
  const column = b.op1('Unsqueeze', [query], { axes: [2] });
  return b.op1('Squeeze', [b.op1('MatMul', [keys, column])], { axes: [2] });
}

/** alpha = masked softmax over memory positions; context = alpha @ memory. */
export function attendMemory(b: GraphBuilder, scores: Value, memory: Value, mask: Value | undefined): { alpha: Value; context: Value } {
  const alpha = maskedSoftmax(b, scores, mask);
  const context = b.op1('Squeeze', [b.op1('MatMul', [b.op1('Unsqueeze', [alpha], { axes: [1] }), memory])], { axes: [1] });
  return { alpha, context };
}
