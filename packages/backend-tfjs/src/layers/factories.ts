import {
  AttentionWrapper, GRUCell, LSTMCell, LayerNormalization, LayerspecError, MultiHeadAttention, RMSNormalization, RNN,
  ScaledDotProductAttention, SequenceAttention, SimpleRNNCell, type Layer as SpecLayerDef,
} from '@layerspec/spec';
import type { TfLayerArgs } from './args.js';
import {
  LayerspecAttentionWrapper, LayerspecGRUCell, LayerspecLSTMCell, LayerspecLayerNormalization, LayerspecMultiHeadAttention,
  LayerspecRMSNormalization, LayerspecRNN, LayerspecScaledDotProductAttention, LayerspecSequenceAttention, LayerspecSimpleRNNCell,
  type AttentionWrapperArgs, type GRUCellArgs, type LSTMCellArgs, type LayerNormalizationArgs, type MultiHeadAttentionArgs,
  type RMSNormalizationArgs, type RNNArgs, type ScaledDotProductAttentionArgs, type SequenceAttentionArgs, type SimpleRNNCellArgs,
} from './classes.js';
import type { SpecLayer, SpecLayerOptions } from './spec-layer.js';

/** `tfl.fromSpec` options: the wrapper's, tfjs's, and the build options (only those the layer has). */
export type FromSpecOptions = SpecLayerOptions & TfLayerArgs & { useCausalMask?: boolean; returnAttentionScores?: boolean };

/**
 * TensorFlow.js layers built from the spec layers, in the style of `tf.layers.*`:
 * `tfl.multiHeadAttention({ numHeads: 2, keyDim: 4 }).apply([query, value])`.
 */
export const tfl = {
  scaledDotProductAttention: (args: ScaledDotProductAttentionArgs = {}) => new LayerspecScaledDotProductAttention(args),
  multiHeadAttention: (args: MultiHeadAttentionArgs) => new LayerspecMultiHeadAttention(args),
  layerNormalization: (args: LayerNormalizationArgs = {}) => new LayerspecLayerNormalization(args),
  rmsNormalization: (args: RMSNormalizationArgs = {}) => new LayerspecRMSNormalization(args),
  sequenceAttention: (args: SequenceAttentionArgs = {}) => new LayerspecSequenceAttention(args),
  /** One step: inputs `input`, `state_h`; outputs `output`, `state_h`. */
  simpleRNNCell: (args: SimpleRNNCellArgs) => new LayerspecSimpleRNNCell(args),
  /** One step: inputs `input`, `state_h`, `state_c`; outputs `output`, `state_h`, `state_c`. */
  lstmCell: (args: LSTMCellArgs) => new LayerspecLSTMCell(args),
  gruCell: (args: GRUCellArgs) => new LayerspecGRUCell(args),
  /** `tfl.rnn({ cell: new LSTMCell({ units: 8 }), returnSequences: true })`. */
  rnn: (args: RNNArgs) => new LayerspecRNN(args),
  /** `tfl.attentionWrapper({ cell: new GRUCell({ units: 8 }), mechanism: 'bahdanau' })`. */
  attentionWrapper: (args: AttentionWrapperArgs) => new LayerspecAttentionWrapper(args),
  /**
   * Any spec layer instance, its config as it is, plus the wrapper's options:
   * `tfl.fromSpec(new MultiHeadAttention({ numHeads: 2, keyDim: 4 }), { inputs: ['query', 'value'] })`.
   */
  fromSpec(layer: SpecLayerDef<object, object>, options: FromSpecOptions = {}): SpecLayer {
    if (layer instanceof ScaledDotProductAttention) return new LayerspecScaledDotProductAttention({ ...layer.config, ...options });
    if (layer instanceof MultiHeadAttention) return new LayerspecMultiHeadAttention({ ...layer.config, ...options });
    if (layer instanceof LayerNormalization) return new LayerspecLayerNormalization({ ...layer.config, ...options });
    if (layer instanceof RMSNormalization) return new LayerspecRMSNormalization({ ...layer.config, ...options });
    if (layer instanceof SequenceAttention) return new LayerspecSequenceAttention({ ...layer.config, ...options });
    if (layer instanceof SimpleRNNCell) return new LayerspecSimpleRNNCell({ ...layer.config, ...options });
    if (layer instanceof LSTMCell) return new LayerspecLSTMCell({ ...layer.config, ...options });
    if (layer instanceof GRUCell) return new LayerspecGRUCell({ ...layer.config, ...options });
    if (layer instanceof RNN) return new LayerspecRNN({ ...layer.config, ...options });
    if (layer instanceof AttentionWrapper) return new LayerspecAttentionWrapper({ ...layer.config, ...options });
    throw new LayerspecError('tfl.fromSpec', `no TensorFlow.js wrapper for layer class '${layer.className}'`);
  },
};
