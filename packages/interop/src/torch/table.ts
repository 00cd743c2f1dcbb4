import { LayerspecError } from '@layerspec/spec';
import { multiHeadAttentionMapping } from './attention.js';
import type { AnyLayer, TorchMapping } from './mapping.js';
import { layerNormalizationMapping } from './normalization.js';
import { denseMapping, embeddingMapping } from './dense.js';
import { gruCellMapping, lstmCellMapping, rnnMapping, simpleRNNCellMapping } from './recurrent.js';
import type { Weights } from './tensor-ops.js';
import { transformerEncoderMapping } from './transformer.js';

/** A mapping with the layer's type checked at the call, so one table holds every layer's. */
interface CheckedMapping {
  readonly torchModules: readonly string[];
  fromTorch(layer: AnyLayer, stateDict: Readonly<Weights>): Weights;
  toTorch(layer: AnyLayer, weights: Readonly<Weights>): Weights;
}

function checked<L>(m: TorchMapping<L>): CheckedMapping {
  const as = (layer: AnyLayer, fn: string): L => {
    if (!(layer instanceof m.layer)) throw new LayerspecError(fn, `${layer.className} is not a ${m.layer.name}`);
    return layer;
  };
  return {
    torchModules: m.torchModules,
    fromTorch: (layer, sd) => m.fromTorch(as(layer, 'fromTorch'), sd),
    toTorch: (layer, w) => m.toTorch(as(layer, 'toTorch'), w),
  };
}

/** The torch mapping of each layerspec layer, by class name. */
export const TORCH_MAPPINGS: Readonly<Record<string, CheckedMapping>> = {
  MultiHeadAttention: checked(multiHeadAttentionMapping),
  LayerNormalization: checked(layerNormalizationMapping),
  RNN: checked(rnnMapping),
  LSTMCell: checked(lstmCellMapping),
  GRUCell: checked(gruCellMapping),
  SimpleRNNCell: checked(simpleRNNCellMapping),
  Dense: checked(denseMapping),
  Embedding: checked(embeddingMapping),
  TransformerEncoder: checked(transformerEncoderMapping),
};

function mappingOf(layer: AnyLayer, fn: string): CheckedMapping {
  const m = Object.hasOwn(TORCH_MAPPINGS, layer.className) ? TORCH_MAPPINGS[layer.className] : undefined;
  if (!m) throw new LayerspecError(fn, `no torch mapping for ${layer.className} (mapped: ${Object.keys(TORCH_MAPPINGS).join(', ')})`);
  return m;
}

/**
 * A torch module's `state_dict()` as the layer's weights, under layerspec (Keras 3) names and layouts.
 * Missing, unexpected or misshapen keys, and module configs with no equivalent, are `LayerspecError`s.
 */
export function fromTorch(layer: AnyLayer, stateDict: Readonly<Weights>): Weights {
  return mappingOf(layer, 'fromTorch').fromTorch(layer, stateDict);
}

/** The inverse of `fromTorch`: the layer's weights as the matching torch module's `state_dict()`. */
export function toTorch(layer: AnyLayer, weights: Readonly<Weights>): Weights {
  return mappingOf(layer, 'toTorch').toTorch(layer, weights);
}
