import { LayerspecError } from '../errors.js';
import type { GraphBuilder, Value } from '../graph/builder.js';
import { declareLayer, type InputDecl } from './declaration.js';
import { Layer, type LayerJSON } from './layer.js';
import { layerListField, type AnyLayer } from './model-fields.js';

export interface SequentialConfig {
  layers: AnyLayer[];
}

const NAME = 'Sequential';

const DECLARATION = declareLayer<SequentialConfig>({
  name: NAME,
  doc: "a stack of layers, each one's `output` the next one's `input`",
  config: { layers: layerListField('the layers, in order (layer objects or their toJSON())') },
  // the input is the first layer's: see `inputs()`
  inputs: [{ name: 'input', dtype: 'float32' }],
  buildOptions: {},
});

/**
 * Keras's Sequential: layer i's `output` is layer i+1's `input`. Each layer writes its weights under
 * its Keras-style name, unique in the model (`dense/kernel`, `dense_1/kernel`, ...), so the names
 * follow from the order of the layers and survive `toJSON` / `layerFromJSON`. Only `output` flows: a
 * layer's other outputs (Embedding's `mask`) are dropped.
 */
export class Sequential extends Layer<SequentialConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(layers: readonly (AnyLayer | LayerJSON)[] | { layers: readonly (AnyLayer | LayerJSON)[] }) {
    super(DECLARATION, Array.isArray(layers) ? { layers } : layers);
    this.config.layers.forEach((layer, i) => {
      const decls = layer.inputs();
      const extra = decls.filter((d) => d.name !== 'input' && !d.optional);
      if (!decls.some((d) => d.name === 'input') || extra.length > 0) {
        throw new LayerspecError(
          NAME,
          `layer ${i} (${layer.className}) must take one input named 'input', it takes ${decls.map((d) => d.name).join(', ')}`,
        );
      }
    });
  }

  override inputs(): readonly InputDecl[] {
    const first = this.config.layers[0]!.inputs().find((d) => d.name === 'input')!;
    return [{ ...first, optional: false }];
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    let x = inputs['input']!;
    for (const [i, layer] of this.config.layers.entries()) {
      const out = layer.call(b, { input: x })['output'];
      if (!out) throw new LayerspecError(NAME, `layer ${i} (${layer.className}) has no output named 'output'`);
      x = out;
    }
    return { output: x };
  }
}
