import { Dense, Embedding, LayerspecError } from '@layerspec/spec';
import { KeyReader } from './state-dict.js';
import { reshape, transpose, type Weights } from './tensor-ops.js';
import type { TorchMapping } from './mapping.js';

/**
 * An `nn.Linear`'s keys (read by `r`, under its prefix) as a Dense's `kernel` and `bias`: `weight (out,
 * in)` transposed to `kernel (in, out)`. `inputs` fixes in_features where the caller knows it.
 */
export function readTorchLinear(where: string, r: KeyReader, units: number, useBias: boolean, inputs?: number): Weights {
  const weight = inputs === undefined ? r.takeRank('weight', 2, `[${units}, in_features]`) : r.take('weight', [units, inputs]);
  if (weight.shape[0] !== units) {
    throw new LayerspecError(
      where,
      `key '${r.keyOf('weight')}' must have ${units} rows (out_features = units), got [${weight.shape.join(', ')}]`,
    );
  }
  const out: Weights = { kernel: transpose(weight) };
  if (useBias) {
    if (!r.has('bias')) {
      throw new LayerspecError(where, `missing key '${r.keyOf('bias')}': an nn.Linear with bias=False maps to a layer with useBias: false`);
    }
    out['bias'] = reshape(r.take('bias', [units]), [units]);
  }
  return out;
}

/** A Dense's `kernel` and `bias` (read by `w`, under its prefix) as `nn.Linear` keys. */
export function writeTorchLinear(where: string, w: KeyReader, units: number, useBias: boolean, inputs?: number): Weights {
  const kernel = inputs === undefined ? w.takeRank('kernel', 2, `[in_features, ${units}]`) : w.take('kernel', [inputs, units]);
  if (kernel.shape[1] !== units) {
    throw new LayerspecError(where, `weight '${w.keyOf('kernel')}' must have ${units} columns (units), got [${kernel.shape.join(', ')}]`);
  }
  return { weight: transpose(kernel), ...(useBias ? { bias: reshape(w.take('bias', [units]), [units]) } : {}) };
}

/** `nn.Linear(in, units)` <-> `Dense({ units })`: `weight` transposed to `kernel`, `bias` as is. */
export const denseMapping: TorchMapping<Dense> = {
  layer: Dense,
  torchModules: ['nn.Linear'],
  fromTorch(layer, stateDict) {
    const where = 'fromTorch(Dense)';
    const r = new KeyReader(where, 'nn.Linear state_dict', stateDict);
    const out = readTorchLinear(where, r, layer.config.units, layer.config.useBias);
    r.finish((key) => (key === 'bias' ? `the state_dict has a bias ('bias') but the layer has useBias: false` : undefined));
    return out;
  },
  toTorch(layer, weights) {
    const where = 'toTorch(Dense)';
    const w = new KeyReader(where, 'Dense weights', weights);
    const out = writeTorchLinear(where, w, layer.config.units, layer.config.useBias);
    w.finish();
    return out;
  },
};

/** The one table, `from` in `weights`, as a copy under `to`: `nn.Embedding`'s `weight` and the layer's `embeddings` are the same (n, d). */
function renameTable(layer: Embedding, where: string, what: string, weights: Readonly<Weights>, from: string, to: string): Weights {
  const shape = [layer.config.inputDim, layer.config.outputDim];
  const r = new KeyReader(where, what, weights);
  const out = { [to]: reshape(r.take(from, shape), shape) };
  r.finish();
  return out;
}

/** `nn.Embedding(inputDim, outputDim)` <-> `Embedding`: `weight` is `embeddings`, same layout. */
export const embeddingMapping: TorchMapping<Embedding> = {
  layer: Embedding,
  torchModules: ['nn.Embedding'],
  fromTorch: (layer, sd) => renameTable(layer, 'fromTorch(Embedding)', 'nn.Embedding state_dict', sd, 'weight', 'embeddings'),
  toTorch: (layer, weights) => renameTable(layer, 'toTorch(Embedding)', 'Embedding weights', weights, 'embeddings', 'weight'),
};
