/**
 * What the tfjs wrapper needs to know about each spec layer beyond its config: the tfjs class name it
 * serializes under, and the keys of its build options (they are part of the wrapper's config).
 */
export interface SpecLayerKind {
  /** The spec layer's class name, as `layerFromJSON` knows it. */
  readonly spec: string;
  /** The tfjs class name (`static className`), distinct per layer, registered for `tf.loadLayersModel`. */
  readonly className: string;
  /** Keys of the spec layer's build options; all boolean. */
  readonly buildOptions: readonly string[];
}

const kind = (spec: string, buildOptions: readonly string[] = []): SpecLayerKind => ({ spec, className: `Layerspec${spec}`, buildOptions });

export const KINDS = {
  ScaledDotProductAttention: kind('ScaledDotProductAttention', ['returnAttentionScores']),
  MultiHeadAttention: kind('MultiHeadAttention', ['useCausalMask', 'returnAttentionScores']),
  LayerNormalization: kind('LayerNormalization'),
  RMSNormalization: kind('RMSNormalization'),
  SequenceAttention: kind('SequenceAttention', ['returnAttentionScores']),
  SimpleRNNCell: kind('SimpleRNNCell'),
  LSTMCell: kind('LSTMCell'),
  GRUCell: kind('GRUCell'),
  RNN: kind('RNN'),
  AttentionWrapper: kind('AttentionWrapper'),
} as const satisfies Record<string, SpecLayerKind>;

export type SpecLayerName = keyof typeof KINDS;

export function isSpecLayerName(name: string): name is SpecLayerName {
  return Object.hasOwn(KINDS, name);
}
