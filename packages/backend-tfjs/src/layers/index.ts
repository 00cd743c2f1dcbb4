export { SpecLayer, type SpecLayerOptions } from './spec-layer.js';
export {
  LayerspecScaledDotProductAttention,
  LayerspecMultiHeadAttention,
  LayerspecLayerNormalization,
  LayerspecRMSNormalization,
  LayerspecSequenceAttention,
  LayerspecSimpleRNNCell,
  LayerspecLSTMCell,
  LayerspecGRUCell,
  LayerspecRNN,
  LayerspecAttentionWrapper,
  SPEC_LAYER_CLASSES,
  createSpecLayer,
  type SpecLayerArgs,
  type SpecLayerParams,
  type SpecLayerClass,
} from './classes.js';
export { tfl, factoryName, type FromSpecOptions, type FactoryName, type LayerFactories } from './factories.js';
export { exportWeights, importWeights } from './weights.js';
export type { TfLayerArgs } from './args.js';
export { kindOf, type SpecLayerKind } from './kinds.js';
