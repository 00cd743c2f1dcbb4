import { LayerspecError, MultiHeadAttention, type HostTensor } from '@layerspec/spec';
import { KeyReader } from './state-dict.js';
import { concatRows, reshape, rows, transpose, type Weights } from './tensor-ops.js';
import type { TorchMapping } from './mapping.js';

/** Torch's sizes for a MultiHeadAttention: embed dim E = heads * head size; kdim/vdim come from the keys. */
function embedDim(where: string, layer: MultiHeadAttention): number {
  const { numHeads, keyDim, valueDim, outputShape } = layer.config;
  const e = numHeads * keyDim;
  if (valueDim !== undefined && valueDim !== keyDim) {
    throw new LayerspecError(
      where,
      `nn.MultiheadAttention has one head size (embed_dim / num_heads); the layer has keyDim ${keyDim} but valueDim ${valueDim}`,
    );
  }
  if (outputShape !== undefined && outputShape !== e) {
    throw new LayerspecError(
      where,
      `nn.MultiheadAttention outputs embed_dim = numHeads * keyDim = ${e} features; the layer has outputShape ${outputShape}`,
    );
  }
  return e;
}

const hint = (key: string): string | undefined =>
  key === 'bias_k' || key === 'bias_v'
    ? `nn.MultiheadAttention with add_bias_kv=True (key '${key}') has no MultiHeadAttention equivalent`
    : undefined;

/** The `nn.MultiheadAttention` keys of `sd` (under its prefix) as the layer's weights; the caller finishes `sd`. */
export function readTorchAttention(where: string, layer: MultiHeadAttention, sd: KeyReader): Weights {
  const e = embedDim(where, layer);
  const { numHeads: h, keyDim: k, useBias } = layer.config;
  let wq: HostTensor, wk: HostTensor, wv: HostTensor;
  if (sd.has('in_proj_weight')) {
    const w = sd.take('in_proj_weight', [3 * e, e]);
    [wq, wk, wv] = [rows(w, 0, e), rows(w, e, 2 * e), rows(w, 2 * e, 3 * e)];
  } else {
    wq = sd.take('q_proj_weight', [e, e]);
    wk = sd.takeRank('k_proj_weight', 2, `[${e}, kdim]`);
    wv = sd.takeRank('v_proj_weight', 2, `[${e}, vdim]`);
    for (const [key, t] of [
      ['k_proj_weight', wk],
      ['v_proj_weight', wv],
    ] as const) {
      if (t.shape[0] !== e)
        throw new LayerspecError(where, `key '${key}' must have ${e} rows (embed_dim), got shape [${t.shape.join(', ')}]`);
    }
  }
  const out: Weights = {
    'query/kernel': transpose(wq, [e, h, k]),
    'key/kernel': transpose(wk, [wk.shape[1]!, h, k]),
    'value/kernel': transpose(wv, [wv.shape[1]!, h, k]),
    'attention_output/kernel': transpose(sd.take('out_proj.weight', [e, e]), [h, k, e]),
  };
  if (useBias) {
    const b = sd.take('in_proj_bias', [3 * e]);
    out['query/bias'] = reshape(rows(b, 0, e), [h, k]);
    out['key/bias'] = reshape(rows(b, e, 2 * e), [h, k]);
    out['value/bias'] = reshape(rows(b, 2 * e, 3 * e), [h, k]);
    out['attention_output/bias'] = sd.take('out_proj.bias', [e]);
  }
  return out;
}

/** Why a leftover `nn.MultiheadAttention` key (without its prefix) cannot map, when that is known. */
export function attentionHint(key: string, useBias: boolean): string | undefined {
  return (
    hint(key) ??
    ((key === 'in_proj_bias' || key === 'out_proj.bias') && !useBias
      ? `the state_dict has biases ('${key}') but the layer has useBias: false`
      : undefined)
  );
}

/** The layer's weights (read by `w`, under its prefix) as `nn.MultiheadAttention` keys; the caller finishes `w`. */
export function writeTorchAttention(where: string, layer: MultiHeadAttention, w: KeyReader): Weights {
  const e = embedDim(where, layer);
  const { numHeads: h, keyDim: k, useBias } = layer.config;
  const q = w.take('query/kernel', [e, h, k]);
  const key = w.takeRank('key/kernel', 3, `[kdim, ${h}, ${k}]`);
  const value = w.takeRank('value/kernel', 3, `[vdim, ${h}, ${k}]`);
  const matrix = (t: typeof q) => transpose(reshape(t, [t.shape[0]!, e]));
  const out: Weights = {};
  if (key.shape[0] === e && value.shape[0] === e) {
    out['in_proj_weight'] = concatRows([matrix(q), matrix(w.take('key/kernel', [e, h, k])), matrix(w.take('value/kernel', [e, h, k]))]);
  } else {
    out['q_proj_weight'] = matrix(q);
    out['k_proj_weight'] = matrix(w.take('key/kernel', [key.shape[0]!, h, k]));
    out['v_proj_weight'] = matrix(w.take('value/kernel', [value.shape[0]!, h, k]));
  }
  if (useBias) {
    out['in_proj_bias'] = concatRows(['query/bias', 'key/bias', 'value/bias'].map((n) => reshape(w.take(n, [h, k]), [e])));
  }
  out['out_proj.weight'] = transpose(reshape(w.take('attention_output/kernel', [h, k, e]), [e, e]));
  if (useBias) out['out_proj.bias'] = reshape(w.take('attention_output/bias', [e]), [e]);
  return out;
}

/**
 * `nn.MultiheadAttention` <-> `MultiHeadAttention`. Torch's `in_proj_weight` (3E, E) stacks the q, k, v
 * projections as (out, in) rows; Keras's kernels are (in, heads, head size). With kdim or vdim != E torch
 * keeps `q_proj_weight`, `k_proj_weight`, `v_proj_weight` instead (its `_qkv_same_embed_dim` rule).
 */
export const multiHeadAttentionMapping: TorchMapping<MultiHeadAttention> = {
  layer: MultiHeadAttention,
  torchModules: ['nn.MultiheadAttention'],
  fromTorch(layer, stateDict) {
    const sd = new KeyReader('fromTorch(MultiHeadAttention)', 'nn.MultiheadAttention state_dict', stateDict);
    const out = readTorchAttention('fromTorch(MultiHeadAttention)', layer, sd);
    sd.finish((key) => attentionHint(key, layer.config.useBias));
    return out;
  },
  toTorch(layer, weights) {
    const w = new KeyReader('toTorch(MultiHeadAttention)', 'MultiHeadAttention weights', weights);
    const out = writeTorchAttention('toTorch(MultiHeadAttention)', layer, w);
    w.finish();
    return out;
  },
};
