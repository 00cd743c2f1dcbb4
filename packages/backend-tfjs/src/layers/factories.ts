import { LayerspecError, isLayerName, LAYER_NAMES, type Layer as SpecLayerDef, type LayerName } from '@layerspec/spec';
import type { TfLayerArgs } from './args.js';
import { createSpecLayer, type SpecLayerParams } from './classes.js';
import type { SpecLayer, SpecLayerOptions } from './spec-layer.js';

/** `tfl.fromSpec` options: the wrapper's, tfjs's, and the build options (checked against the layer's). */
export type FromSpecOptions = SpecLayerOptions & TfLayerArgs & Record<string, unknown>;

/**
 * A class name as a `tf.layers`-style factory name: the leading capitals lower-cased, except the last
 * one when it starts a word (`MultiHeadAttention` -> `multiHeadAttention`, `RMSNormalization` ->
 * `rmsNormalization`, `LSTMCell` -> `lstmCell`, `RNN` -> `rnn`).
 */
export type FactoryName<S extends string, Done extends string = ''> = S extends `${infer A}${infer B}${infer Rest}`
  ? B extends ''
    ? `${Done}${Lowercase<A>}`
    : B extends Uppercase<B>
      ? FactoryName<`${B}${Rest}`, `${Done}${Lowercase<A>}`>
      : Done extends ''
        ? `${Lowercase<A>}${B}${Rest}`
        : `${Done}${A}${B}${Rest}`
  : `${Done}${Lowercase<S>}`;

export function factoryName<S extends string>(className: S): FactoryName<S> {
  const lead = /^[A-Z]+/.exec(className)?.[0] ?? '';
  const rest = className.slice(lead.length);
  const keep = lead.length > 1 && rest.length > 0 ? lead.length - 1 : lead.length;
  const name = lead.slice(0, keep).toLowerCase() + className.slice(keep);
  return name as FactoryName<S>;
}

/** One factory per spec layer: `tfl.<factoryName>(args)` is `new Layerspec<Name>(args)`. */
export type LayerFactories = { readonly [K in LayerName as FactoryName<K>]: (...params: SpecLayerParams<K>) => SpecLayer };

const untyped = {} as Record<FactoryName<LayerName>, (args?: object) => SpecLayer>;
for (const name of LAYER_NAMES) untyped[factoryName(name)] = (args = {}) => createSpecLayer(name, args);
const factories: LayerFactories = untyped;

/**
 * TensorFlow.js layers built from the spec layers, in the style of `tf.layers.*`:
 * `tfl.multiHeadAttention({ numHeads: 2, keyDim: 4 }).apply([query, value])`,
 * `tfl.rnn({ cell: new LSTMCell({ units: 8 }), returnSequences: true })`.
 */
export const tfl = {
  ...factories,
  /**
   * Any spec layer instance, its config as it is, plus the wrapper's options:
   * `tfl.fromSpec(new MultiHeadAttention({ numHeads: 2, keyDim: 4 }), { inputs: ['query', 'value'] })`.
   */
  fromSpec(layer: SpecLayerDef<object, object>, options: FromSpecOptions = {}): SpecLayer {
    if (!isLayerName(layer.className)) {
      throw new LayerspecError(
        'tfl.fromSpec',
        `no TensorFlow.js wrapper for layer class '${layer.className}' (known: ${LAYER_NAMES.join(', ')})`,
      );
    }
    return createSpecLayer(layer.className, { ...layer.config, ...options });
  },
};
