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
    return convert('fromTorch(LayerNormalization)', 'nn.LayerNorm state_dict', layer, stateDict, ['weight', 'bias'], ['gamma', 'beta']);
  },
  toTorch(layer, weights) {
    return convert('toTorch(LayerNormalization)', 'LayerNormalization weights', layer, weights, ['gamma', 'beta'], ['weight', 'bias']);
  },
};

function convert(
  where: string,
  what: string,
  layer: LayerNormalization,
  weights: Readonly<Weights>,
  [scaleKey, centerKey]: [string, string],
  [scaleName, centerName]: [string, string],
): Weights {
  const r = new KeyReader(where, what, weights);
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
  r.finish((key) => {
    if (key === scaleKey && !scale) return `'${key}' is given but the layer has scale: false`;
    if (key === centerKey && !center) return `'${key}' is given but the layer has center: false`;
    return undefined;
  });
  return out;
}
