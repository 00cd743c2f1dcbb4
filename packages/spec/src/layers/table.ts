import { Activation } from './activation.js';
import { Add } from './add.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { Functional } from './functional.js';
import { LayerNormalization } from './layer-normalization.js';
import { PositionEmbedding } from './position-embedding.js';
import { RotaryEmbedding } from './rotary-embedding.js';
import { Sequential } from './sequential.js';
import { SinePositionEncoding } from './sine-position-encoding.js';
import { TransformerDecoder } from './transformer-decoder.js';
import { TransformerEncoder } from './transformer-encoder.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { RMSNormalization } from './rms-normalization.js';
import { ScaledDotProductAttention } from './scaled-dot-product-attention.js';
import { SequenceAttention } from './sequence-attention.js';
import { AttentionWrapper } from './recurrent/attention-wrapper.js';
import { GRUCell } from './recurrent/gru-cell.js';
import { LSTMCell } from './recurrent/lstm-cell.js';
import { RNN } from './recurrent/rnn.js';
import { SimpleRNNCell } from './recurrent/simple-rnn-cell.js';

/**
 * The closed layer set, keyed by class name. Each class carries its `declaration` (config schema,
 * inputs, build options). Every per-layer table in the project is `{ [K in LayerName]: ... }`, so a
 * layer added here is a compile error wherever something about it is still missing.
 */
export const LAYERS = {
  ScaledDotProductAttention,
  MultiHeadAttention,
  LayerNormalization,
  RMSNormalization,
  SequenceAttention,
  SimpleRNNCell,
  LSTMCell,
  GRUCell,
  RNN,
  AttentionWrapper,
  Dense,
  Embedding,
  SinePositionEncoding,
  PositionEmbedding,
  RotaryEmbedding,
  Activation,
  Dropout,
  Add,
  TransformerEncoder,
  TransformerDecoder,
  Sequential,
  Functional,
} as const;

export type LayerName = keyof typeof LAYERS;

/** The class of layer `K`. */
export type LayerClass<K extends LayerName> = (typeof LAYERS)[K];

/** The config layer `K`'s constructor takes (its defaults left out). */
export type LayerArgs<K extends LayerName> = NonNullable<ConstructorParameters<LayerClass<K>>[0]>;

/** The build options of layer `K` (what `build` and `apply` take besides the inputs). */
export type LayerBuildOptions<K extends LayerName> = ReturnType<InstanceType<LayerClass<K>>['parseBuildOptions']>;

export function isLayerName(name: string): name is LayerName {
  return Object.hasOwn(LAYERS, name);
}

/** The layer class names, in table order. */
export const LAYER_NAMES: readonly LayerName[] = Object.keys(LAYERS).filter(isLayerName);

/** The layer class names, in table order, as plain strings (to check a name given on a command line). */
export function layerClassNames(): string[] {
  return [...LAYER_NAMES];
}
