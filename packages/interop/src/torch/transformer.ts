import { LayerNormalization, LayerspecError, MultiHeadAttention, TransformerEncoder } from '@layerspec/spec';
import { attentionHint, readTorchAttention, writeTorchAttention } from './attention.js';
import { readTorchLinear, writeTorchLinear } from './dense.js';
import type { TorchMapping } from './mapping.js';
import { LAYER_NORM_NAMES, TORCH_NORM_KEYS, renameNorm } from './normalization.js';
import { KeyReader } from './state-dict.js';
import type { Weights } from './tensor-ops.js';

/** Torch's submodule prefix and the block's sublayer name of each part of the encoder layer. */
const PARTS = {
  attention: ['self_attn.', 'self_attention/'],
  norm1: ['norm1.', 'self_attention_layer_norm/'],
  linear1: ['linear1.', 'feedforward_intermediate_dense/'],
  linear2: ['linear2.', 'feedforward_output_dense/'],
  norm2: ['norm2.', 'feedforward_layer_norm/'],
} as const;

const scoped = (prefix: string, weights: Weights): Weights =>
  Object.fromEntries(Object.entries(weights).map(([name, t]) => [`${prefix}${name}`, t]));

/** The model size d_model, read from a layer norm's scale, and the block's MultiHeadAttention for it. */
function sizes(where: string, layer: TransformerEncoder, norm: KeyReader, from: string) {
  const d = norm.takeRank(from, 1, '[d_model]').shape[0]!;
  const h = layer.config.numHeads;
  if (d % h !== 0) {
    throw new LayerspecError(
      where,
      `d_model ${d} (from '${norm.keyOf(from)}') is not a multiple of numHeads ${h}: torch needs d_model divisible by nhead, so numHeads does not match the module's nhead`,
    );
  }
  return {
    d,
    ff: layer.config.intermediateDim,
    mha: new MultiHeadAttention({ numHeads: h, keyDim: d / h }),
    norm: new LayerNormalization({}),
  };
}

function hint(key: string): string | undefined {
  if (/^layers\.\d+\./.test(key)) {
    return `key '${key}' is from an nn.TransformerEncoder: map each of its layers ('layers.N.' keys, without the prefix) to its own TransformerEncoder`;
  }
  return key.startsWith('self_attn.') ? attentionHint(key.slice('self_attn.'.length), true) : undefined;
}

/**
 * `nn.TransformerEncoderLayer` <-> `TransformerEncoder`: `self_attn.*` as `nn.MultiheadAttention` under
 * `self_attention/`, `norm1` / `norm2` as `self_attention_layer_norm` / `feedforward_layer_norm`, and
 * `linear1` / `linear2` as `feedforward_intermediate_dense` / `feedforward_output_dense`. `norm_first`,
 * `activation`, `layer_norm_eps` and `batch_first` are not in the state_dict: see
 * `transformerEncoderFromTorch`, which makes the layer from the module's arguments.
 */
export const transformerEncoderMapping: TorchMapping<TransformerEncoder> = {
  layer: TransformerEncoder,
  torchModules: ['nn.TransformerEncoderLayer'],
  fromTorch(layer, stateDict) {
    const where = 'fromTorch(TransformerEncoder)';
    const sd = new KeyReader(where, 'nn.TransformerEncoderLayer state_dict', stateDict);
    if (sd.has('linear1.weight') && !sd.has('linear1.bias')) {
      throw new LayerspecError(
        where,
        "the state_dict has no 'linear1.bias': an nn.TransformerEncoderLayer with bias=False has no TransformerEncoder equivalent (its dense and attention layers always have biases)",
      );
    }
    const { d, ff, mha, norm } = sizes(where, layer, sd.under(PARTS.norm1[0]), 'weight');
    const read = ([from, to]: readonly [string, string], part: (r: KeyReader) => Weights) => scoped(to, part(sd.under(from)));
    const out = {
      ...read(PARTS.attention, (r) => readTorchAttention(where, mha, r)),
      ...read(PARTS.norm1, (r) => renameNorm(norm, r, TORCH_NORM_KEYS, LAYER_NORM_NAMES)),
      ...read(PARTS.linear1, (r) => readTorchLinear(where, r, ff, true, d)),
      ...read(PARTS.linear2, (r) => readTorchLinear(where, r, d, true, ff)),
      ...read(PARTS.norm2, (r) => renameNorm(norm, r, TORCH_NORM_KEYS, LAYER_NORM_NAMES)),
    };
    sd.finish(hint);
    return out;
  },
  toTorch(layer, weights) {
    const where = 'toTorch(TransformerEncoder)';
    const w = new KeyReader(where, 'TransformerEncoder weights', weights);
    const { d, ff, mha, norm } = sizes(where, layer, w.under(PARTS.norm1[1]), 'gamma');
    const write = ([to, from]: readonly [string, string], part: (r: KeyReader) => Weights) => scoped(to, part(w.under(from)));
    const out = {
      ...write(PARTS.attention, (r) => writeTorchAttention(where, mha, r)),
      ...write(PARTS.linear1, (r) => writeTorchLinear(where, r, ff, true, d)),
      ...write(PARTS.linear2, (r) => writeTorchLinear(where, r, d, true, ff)),
      ...write(PARTS.norm1, (r) => renameNorm(norm, r, LAYER_NORM_NAMES, TORCH_NORM_KEYS)),
      ...write(PARTS.norm2, (r) => renameNorm(norm, r, LAYER_NORM_NAMES, TORCH_NORM_KEYS)),
    };
    w.finish();
    return out;
  },
};
