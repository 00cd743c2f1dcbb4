import { LayerNormalization } from '@layerspec/spec';
import { KeyReader } from './state-dict.js';
import { reshape, type Weights } from './tensor-ops.js';
import type { TorchMapping } from './mapping.js';

/** The number of normalized axes; torch normalizes the trailing `normalized_shape` dims. */
function axisCount(layer: LayerNormalization): number {
  const axis = layer.config.axis;
  return Array.isArray(axis) ? new Set(axis).size : 1;
}

/**
 * `nn.LayerNorm` <-> `LayerNormalization`: `weight` is `gamma` and `bias` is `beta`, same shape
 * (torch's `normalized_shape`, which must be the layer's axes, trailing). `eps` is not in the state_dict:
 * torch's default is 1e-5, the layer's 1e-3, so set `epsilon` to match.
 */
export const layerNormalizationMapping: TorchMapping<LayerNormalization> = {
  layer: LayerNormalization,
  torchModules: ['nn.LayerNorm'],
  fromTorch(layer, stateDict) {
    const r = new KeyReader('fromTorch(LayerNormalization)', 'nn.LayerNorm state_dict', stateDict);
    const out = renameNorm(layer, r, TORCH_NORM_KEYS, LAYER_NORM_NAMES);
    r.finish((key) => normHint(layer, key));
    return out;
  },
  toTorch(layer, weights) {
    const r = new KeyReader('toTorch(LayerNormalization)', 'LayerNormalization weights', weights);
    const out = renameNorm(layer, r, LAYER_NORM_NAMES, TORCH_NORM_KEYS);
    r.finish();
    return out;
  },
};

/** `nn.LayerNorm`'s keys and the layer's names of the scale and the center. */
export const TORCH_NORM_KEYS: readonly [string, string] = ['weight', 'bias'];
export const LAYER_NORM_NAMES: readonly [string, string] = ['gamma', 'beta'];

/** Why a leftover `nn.LayerNorm` key (without its prefix) cannot map, when that is known. */
export function normHint(layer: LayerNormalization, key: string): string | undefined {
  if (key === 'weight' && !layer.config.scale) return `'${key}' is given but the layer has scale: false`;
  if (key === 'bias' && !layer.config.center) return `'${key}' is given but the layer has center: false`;
  return undefined;
}

/** The scale and center read by `r` under `from` names, returned under `to` names; the caller finishes `r`. */
export function renameNorm(
  layer: LayerNormalization,
  r: KeyReader,
  [scaleKey, centerKey]: readonly [string, string],
  [scaleName, centerName]: readonly [string, string],
): Weights {
  const { scale, center } = layer.config;
  const n = axisCount(layer);
  const out: Weights = {};
  let shape: number[] | undefined;
  for (const [on, from, to] of [
    [scale, scaleKey, scaleName],
    [center, centerKey, centerName],
  ] as const) {
    if (!on) continue;
    const t = shape ? r.take(from, shape) : r.takeRank(from, n, `${n} dim(s): the normalized shape`);
    shape = t.shape;
    out[to] = reshape(t, [...t.shape]);
  }
  return out;
}
