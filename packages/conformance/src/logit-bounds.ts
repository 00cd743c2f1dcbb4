/**
 * A-priori bounds on sum_i |q_i k_i| * scale over the logits of a case, per attention layer (the L of
 * compare.ts's kappa). The layer facts (facts.ts) pick one per layer.
 */
import type { HostTensor } from '@layerspec/spec';
import { maxAbs } from './data.js';
import type { LayerCase } from './types.js';

export type LogitBound = (c: LayerCase, w: Record<string, HostTensor>) => number;

/** Largest L2 norm over the rows (last axis) of `t`. */
function rowNormMax(t: HostTensor | undefined): number {
  if (!t) return 0;
  const d = t.shape[t.shape.length - 1] ?? 1;
  let best = 0;
  for (let o = 0; o < t.data.length; o += d) {
    let s = 0;
    for (let i = 0; i < d; i++) s += t.data[o + i]! ** 2;
    best = Math.max(best, Math.sqrt(s));
  }
  return best;
}

function frobenius(t: HostTensor | undefined): number {
  if (!t) return 0;
  let s = 0;
  for (const v of t.data) s += v * v;
  return Math.sqrt(s);
}

export const num = (v: unknown, fallback: number): number => (typeof v === 'number' ? v : fallback);

const lastDim = (t: HostTensor | undefined): number => t?.shape[t.shape.length - 1] ?? 1;

export const scaledDotProductBound: LogitBound = (c) => {
  const inp = c.inputs;
  const dk = lastDim(inp['query']);
  const L = num(c.config['scale'], 1 / Math.sqrt(dk)) * rowNormMax(inp['query']) * rowNormMax(inp['key']);
  return L + maxAbs(inp['attention_bias']);
};

export const multiHeadBound: LogitBound = (c, w) => {
  const inp = c.inputs;
  const q = rowNormMax(inp['query']) * frobenius(w['query/kernel']) + frobenius(w['query/bias']);
  const k = rowNormMax(inp['key'] ?? inp['value']) * frobenius(w['key/kernel']) + frobenius(w['key/bias']);
  return (q * k) / Math.sqrt(num(c.config['keyDim'], 1));
};

export const sequenceAttentionBound: LogitBound = (c, w) => {
  const inp = c.inputs;
  const q = rowNormMax(inp['query']);
  const k = rowNormMax(inp['key'] ?? inp['value']);
  const s = Math.max(1, maxAbs(w['scale']));
  if (c.config['score'] === 'concat') return s * frobenius(w['concat/v']) * Math.sqrt(num(c.config['units'], 1));
  if (c.config['score'] === 'general') return s * q * k * frobenius(w['general/kernel']);
  return s * q * k;
};

export const attentionWrapperBound: LogitBound = (c, w) => {
  const memory = c.inputs['memory'] ?? c.inputs['inputs'];
  // the cell's h is bounded by 1 for tanh/sigmoid cells; allow some growth for relu/linear ones
  const h = 4 * Math.sqrt(lastDim(w['cell/recurrent_kernel']));
  const v = frobenius(w['attention/v']);
  const general = frobenius(w['attention/kernel']);
  return Math.max(v * 4, rowNormMax(memory) * h * Math.max(1, general));
};

/** Layers without a softmax. */
export const noLogits: LogitBound = () => 0;
