import {
  GRUCell,
  LSTMCell,
  LayerNormalization,
  LayerspecError,
  MultiHeadAttention,
  RNN,
  RecurrentCell,
  formatShape,
  type HostTensor,
} from '@layerspec/spec';
import type { AnyLayer } from '../torch/mapping.js';

/** An expected shape; `undefined` dims depend on the inputs and match any size. */
type Pattern = (number | undefined)[];

function cellPatterns(cell: { readonly units: number }): Record<string, Pattern> {
  const u = cell.units;
  const gates = cell instanceof LSTMCell ? 4 : cell instanceof GRUCell ? 3 : 1;
  const twoBiases = cell instanceof GRUCell && cell.config.resetAfter;
  return { kernel: [undefined, gates * u], recurrent_kernel: [u, gates * u], bias: twoBiases ? [2, gates * u] : [gates * u] };
}

function patterns(layer: AnyLayer): Record<string, Pattern> {
  if (layer instanceof MultiHeadAttention) {
    const { numHeads: h, keyDim: k, outputShape } = layer.config;
    const v = layer.config.valueDim ?? k;
    return {
      'query/kernel': [undefined, h, k],
      'query/bias': [h, k],
      'key/kernel': [undefined, h, k],
      'key/bias': [h, k],
      'value/kernel': [undefined, h, v],
      'value/bias': [h, v],
      'attention_output/kernel': [h, v, outputShape],
      'attention_output/bias': [outputShape],
    };
  }
  if (layer instanceof LayerNormalization) {
    const axes = Array.isArray(layer.config.axis) ? new Set(layer.config.axis).size : 1;
    const free: Pattern = new Array<undefined>(axes).fill(undefined);
    return { gamma: free, beta: free };
  }
  if (layer instanceof RNN) return cellPatterns(layer.config.cell);
  if (layer instanceof RecurrentCell) return cellPatterns(layer);
  return {};
}

/** Checks the weights read from a Keras file against what the layer's config fixes. */
export function checkKerasShapes(layer: AnyLayer, weights: Readonly<Record<string, HostTensor>>, path: string): void {
  const expected = patterns(layer);
  for (const [name, t] of Object.entries(weights)) {
    const want = expected[name];
    if (!want) continue;
    if (t.shape.length !== want.length || want.some((d, i) => d !== undefined && d !== t.shape[i])) {
      const shown = `[${want.map((d) => d ?? '*').join(', ')}]`;
      throw new LayerspecError(
        'readKerasWeights',
        `'${path}': ${layer.className} weight '${name}' must have shape ${shown}, got ${formatShape(t.shape)}`,
      );
    }
  }
}
