import type { GraphBuilder, Value } from '../../graph/builder.js';
import { maskedSoftmax } from '../attention-core.js';

/**
 * An attention mechanism's values as the time loop reads them, computed once before the loop. Every
 * step's scores come out as rows `(B, 1, L)`, the shape that weights the memory.
 */
export interface AttentionWeights {
  memory: Value;
  /** `memory_mask` as rows `(B, 1, L)`. */
  mask: Value | undefined;
  /**
   * The per-memory terms transposed to `(B, n, L)`: `memory @ Wm + bias` for additive scores,
   * `memory @ Wa^T` for 'general', the memory itself for 'dot'.
   */
  keysT: Value;
  /** Additive scores: the query kernel `(u, units)` and `v` as a row `(1, units)`. */
  additive: { queryKernel: Value; vRow: Value } | undefined;
  /** Luong's attentional kernel `(Dm + u, u)`. */
  outputKernel: Value | undefined;
}

/** Every value of `w`, in a fixed order: what the loop captures. */
export function attentionValues(w: AttentionWeights): Value[] {
  const optional = [w.mask, w.additive?.queryKernel, w.additive?.vRow, w.outputKernel];
  return [w.memory, w.keysT, ...optional.filter((v): v is Value => v !== undefined)];
}

/** `w` with every value replaced by `f(value)` (the loop body's side of a capture). */
export function mapAttention(w: AttentionWeights, f: (v: Value) => Value): AttentionWeights {
  return {
    memory: f(w.memory),
    mask: w.mask && f(w.mask),
    keysT: f(w.keysT),
    additive: w.additive && { queryKernel: f(w.additive.queryKernel), vRow: f(w.additive.vRow) },
    outputKernel: w.outputKernel && f(w.outputKernel),
  };
}

/**
 * Additive (Bahdanau / Luong concat) scores `e[b, l] = v . tanh(keys[b, l] + bias + query[b] @ Wq)`.
 * With the keys transposed, `v` multiplies as a row, `(1, units) @ (units, L)` per batch: onnxruntime
 * runs the `(L, units) @ (units)` form as an N = 1 GEMM, several times slower.
 */
export function additiveScores(b: GraphBuilder, query: Value, keysT: Value, w: { queryKernel: Value; vRow: Value }): Value {
  const q = b.op1('Unsqueeze', [b.op1('MatMul', [query, w.queryKernel])], { axes: [2] });
  return b.op1('MatMul', [w.vRow, b.op1('Tanh', [b.op1('Add', [keysT, q])])]);
}

/** Multiplicative scores `e[b, l] = keys[b, l] . query[b]` ('dot' with keys = memory, 'general' with keys = memory Wa^T). */
export function dotScores(b: GraphBuilder, query: Value, keysT: Value): Value {
  return b.op1('MatMul', [b.op1('Unsqueeze', [query], { axes: [1] }), keysT]);
}

/** alpha = masked softmax over memory positions `(B, 1, L)`; context = alpha @ memory `(B, Dm)`. */
export function attendMemory(b: GraphBuilder, scores: Value, w: AttentionWeights): { alpha: Value; context: Value } {
  const alpha = maskedSoftmax(b, scores, w.mask);
  const context = b.op1('Squeeze', [b.op1('MatMul', [alpha, w.memory])], { axes: [1] });
  return { alpha, context };
}
