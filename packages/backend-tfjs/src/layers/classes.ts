import { LAYER_NAMES, type LayerArgs, type LayerBuildOptions, type LayerName } from '@layerspec/spec';
import { tf } from '../tf.js';
import type { TfLayerArgs } from './args.js';
import { kindOf, type TfjsClassName } from './kinds.js';
import { SpecLayer, type SpecLayerOptions } from './spec-layer.js';

/** A wrapper's arguments: spec layer `K`'s config and build options, the wrapper's options, tfjs's. */
export type SpecLayerArgs<K extends LayerName> = LayerArgs<K> & Partial<LayerBuildOptions<K>> & SpecLayerOptions & TfLayerArgs;

/** The arguments of `new` for layer `K`: optional when every config key has a default. */
export type SpecLayerParams<K extends LayerName> = object extends LayerArgs<K> ? [args?: SpecLayerArgs<K>] : [args: SpecLayerArgs<K>];

/** The tfjs class wrapping spec layer `K`: its own `static className`, typed arguments. */
export interface SpecLayerClass<K extends LayerName> {
  new (...params: SpecLayerParams<K>): SpecLayer;
  readonly className: TfjsClassName<K>;
}

/**
 * One tfjs class per spec layer, made from the layer table: tfjs finds a saved layer's class by its
 * static `className`, so each wrapper is a distinct subclass.
 */
function wrapperClass(spec: LayerName) {
  const kind = kindOf(spec);
  return class extends SpecLayer {
    static readonly className: string = kind.className;
    constructor(args: object = {}) {
      super(kind, args);
    }
  };
}

/** A generated class, before its arguments are typed per layer. */
type UntypedSpecLayerClass = ReturnType<typeof wrapperClass>;

const UNTYPED = {} as Record<LayerName, UntypedSpecLayerClass>;
for (const name of LAYER_NAMES) UNTYPED[name] = wrapperClass(name);

/** The tfjs class of each spec layer, by the spec class name. */
export const SPEC_LAYER_CLASSES = UNTYPED as { readonly [K in LayerName]: SpecLayerClass<K> };

for (const cls of Object.values(UNTYPED)) tf.serialization.registerClass(cls);

/** The wrapper of a spec layer given by name, its arguments checked when it is built. */
export function createSpecLayer(spec: LayerName, args: object): SpecLayer {
  return new UNTYPED[spec](args);
}

export const {
  ScaledDotProductAttention: LayerspecScaledDotProductAttention,
  MultiHeadAttention: LayerspecMultiHeadAttention,
  LayerNormalization: LayerspecLayerNormalization,
  RMSNormalization: LayerspecRMSNormalization,
  SequenceAttention: LayerspecSequenceAttention,
  SimpleRNNCell: LayerspecSimpleRNNCell,
  LSTMCell: LayerspecLSTMCell,
  GRUCell: LayerspecGRUCell,
  RNN: LayerspecRNN,
  AttentionWrapper: LayerspecAttentionWrapper,
} = SPEC_LAYER_CLASSES;
