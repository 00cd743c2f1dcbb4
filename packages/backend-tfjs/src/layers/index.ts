export { SpecLayer, type SpecLayerOptions } from './spec-layer.js';
export {
  LayerspecScaledDotProductAttention, LayerspecMultiHeadAttention, LayerspecLayerNormalization, LayerspecRMSNormalization,
  LayerspecSequenceAttention, LayerspecSimpleRNNCell, LayerspecLSTMCell, LayerspecGRUCell, LayerspecRNN, LayerspecAttentionWrapper,
  SPEC_LAYER_CLASSES,
  type SpecLayerArgs, type ScaledDotProductAttentionArgs, type MultiHeadAttentionArgs, type LayerNormalizationArgs,
  type RMSNormalizationArgs, type SequenceAttentionArgs, type SimpleRNNCellArgs, type LSTMCellArgs, type GRUCellArgs,
  type RNNArgs, type AttentionWrapperArgs,
} from './classes.js';
export { tfl, type FromSpecOptions } from './factories.js';
export { exportWeights, importWeights } from './weights.js';
export type { TfLayerArgs } from './args.js';
