import type { LayerName } from '@layerspec/spec';
import type fc from 'fast-check';
import type { LayerCase } from '../types.js';
import { multiHeadAttentionArb, scaledDotProductAttentionArb, sequenceAttentionArb } from './attention.js';
import {
  activationLayerArb,
  addArb,
  denseArb,
  dropoutArb,
  embeddingArb,
  functionalArb,
  positionEmbeddingArb,
  rotaryEmbeddingArb,
  sequentialArb,
  sinePositionEncodingArb,
  transformerDecoderArb,
  transformerEncoderArb,
} from './models.js';
import { layerNormalizationArb, rmsNormalizationArb } from './normalization.js';
import { attentionWrapperArb, gruCellArb, lstmCellArb, rnnArb, simpleRNNCellArb } from './recurrent.js';

export { CaseBuilder, type MaskKind } from './common.js';

/** One arbitrary per layer of the layer table. */
export const ARBITRARIES: { readonly [K in LayerName]: fc.Arbitrary<LayerCase> } = {
  ScaledDotProductAttention: scaledDotProductAttentionArb,
  MultiHeadAttention: multiHeadAttentionArb,
  LayerNormalization: layerNormalizationArb,
  RMSNormalization: rmsNormalizationArb,
  SequenceAttention: sequenceAttentionArb,
  SimpleRNNCell: simpleRNNCellArb,
  LSTMCell: lstmCellArb,
  GRUCell: gruCellArb,
  RNN: rnnArb,
  AttentionWrapper: attentionWrapperArb,
  Dense: denseArb,
  Embedding: embeddingArb,
  SinePositionEncoding: sinePositionEncodingArb,
  PositionEmbedding: positionEmbeddingArb,
  RotaryEmbedding: rotaryEmbeddingArb,
  Activation: activationLayerArb,
  Dropout: dropoutArb,
  Add: addArb,
  TransformerEncoder: transformerEncoderArb,
  TransformerDecoder: transformerDecoderArb,
  Sequential: sequentialArb,
  Functional: functionalArb,
};
