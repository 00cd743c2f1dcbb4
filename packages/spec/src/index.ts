export type { DType, Dim, TensorType, HostTensor, TypedArrayOf } from './types.js';
export { DTYPES, isDType } from './types.js';
export { LayerspecError, echo } from './errors.js';
export { checkOneOf } from './one-of.js';
export {
  tensor,
  zerosTensor,
  toNested,
  sizeOf,
  stridesOf,
  allocate,
  formatShape,
  formatType,
  checkHostTensor,
} from './tensor.js';
export {
  broadcastShapes,
  broadcastStatic,
  broadcastsTo,
  normalizeAxis,
  normalizeAxes,
  isStatic,
  dimsCompatible,
  DimProduct,
} from './shape.js';

export type { OpSpec, InputSpec, AttrSpec, AttrKind, ValueInfo } from './ops/define.js';
export { OPS, OP_NAMES, isOpName, opSpec, type OpName, type AttrsOf } from './ops/table.js';
export { resolveAttrs, inferNode } from './ops/resolve.js';
export { reshapeDims } from './ops/layout.js';
export { sliceLength, sliceStart, shapeRange } from './ops/indexing.js';
export type * from './ops/layout.js';
export type * from './ops/indexing.js';
export type { CastAttrs } from './ops/unary.js';
export type { SoftmaxAttrs } from './ops/softmax.js';
export type { ReduceAttrs } from './ops/reduce.js';
export type { ConstantAttrs, DropoutAttrs } from './ops/sources.js';
export type { ScanAttrs } from './ops/scan.js';

export type { CompositeOp, CompositeRegion, Graph, GraphNode, GraphOutput, GraphParam, GraphValue, NodeOf } from './graph/types.js';
export { outputValue } from './graph/types.js';
export { GraphBuilder, BuiltValue, type Value } from './graph/builder.js';
export type { OpMethod, OpMethods } from './graph/op-methods.js';
export {
  optimizeGraph,
  selectedPasses,
  PASSES,
  PASS_NAMES,
  DEVICE_PASS_NAMES,
  type PassName,
  type PassSelection,
  type OptimizeOptions,
} from './passes/pipeline.js';
export { buildScan, type ScanSpec, type ScanStep } from './graph/scan-builder.js';
export { verifyGraph } from './graph/verify.js';
export { chooseComposites } from './graph/choose-composites.js';
export { mapBodies } from './graph/bodies.js';
export { scheduleGraph, type Schedule, type ScheduledNode } from './graph/schedule.js';
export { graphToJSON, graphFromJSON } from './graph/serialize.js';

export type { InitializerSpec, InitializerLike, InitializerName } from './init/spec.js';
export { toInitializerSpec } from './init/spec.js';
export { generate as generateInitializer, kerasFans } from './init/initializers.js';
export { Random, hashString } from './init/random.js';
export { initWeights, type InitWeightsOptions } from './init/init-weights.js';

export type { Backend, BoundCompiled, Compiled, CompileOptions } from './backend/types.js';
export { registerBackend, getBackend, listBackends } from './backend/registry.js';
export { bindRun, bindRunTypes, bindShapes, type BindOptions } from './backend/bind.js';
export type { ConcreteTypes } from './backend/concrete.js';
export { WeightSnapshot } from './backend/weight-snapshot.js';
export { BoundRuns, BoundSet, bindInputs, holdWeights, type HeldWeights } from './backend/bound.js';
export { foldWeightNodes, type WeightFold } from './backend/weight-fold.js';
export { rejectEmptyDims } from './backend/empty-dims.js';
export { estimateMemory, formatBytes, TYPED_BYTES, type BytesPerElement, type MemoryEstimate } from './backend/memory.js';

export { Layer, type LayerJSON } from './layers/layer.js';
export { declareLayer, type InputDecl, type LayerDeclaration, type StateName } from './layers/declaration.js';
export { fields, parseConfig, type ConfigSchema, type Field, type SchemaKind } from './layers/config.js';
export { attend, maskedSoftmax, causalMask, FLOAT32_LOWEST, type CausalAlignment, type AttendOptions } from './layers/attention-core.js';
export {
  ScaledDotProductAttention,
  type ScaledDotProductAttentionConfig,
  type ScaledDotProductAttentionBuildOptions,
  type AttentionBuildOptions,
} from './layers/scaled-dot-product-attention.js';
export { MultiHeadAttention, type MultiHeadAttentionConfig, type MultiHeadAttentionBuildOptions } from './layers/multi-head-attention.js';
export { CACHE_BUILD_OPTIONS, type CacheBuildOptions } from './layers/attention-cache.js';
export { ATTENTION_REGION_INPUTS, ATTENTION_REGION_OUTPUTS, CAUSAL_CODES, attentionRegion } from './layers/attention-region.js';
export { LayerNormalization, type LayerNormalizationConfig } from './layers/layer-normalization.js';
export { RMSNormalization, type RMSNormalizationConfig } from './layers/rms-normalization.js';
export { SequenceAttention, type SequenceAttentionConfig, type LuongScore } from './layers/sequence-attention.js';
export { RecurrentCell, type CellStep } from './layers/recurrent/cell.js';
export { SimpleRNNCell, type SimpleRNNCellConfig, type Activation as RecurrentActivation } from './layers/recurrent/simple-rnn-cell.js';
export { LSTMCell, type LSTMCellConfig } from './layers/recurrent/lstm-cell.js';
export { GRUCell, type GRUCellConfig } from './layers/recurrent/gru-cell.js';
export { RNN, type RNNConfig } from './layers/recurrent/rnn.js';
export { AttentionWrapper, type AttentionWrapperConfig } from './layers/recurrent/attention-wrapper.js';
export { ACTIVATIONS, activate, type ActivationName } from './layers/activations.js';
export { Dense, type DenseConfig } from './layers/dense.js';
export { Embedding, type EmbeddingConfig } from './layers/embedding.js';
export { SinePositionEncoding, type SinePositionEncodingConfig } from './layers/sine-position-encoding.js';
export { PositionEmbedding, type PositionEmbeddingConfig } from './layers/position-embedding.js';
export { RotaryEmbedding, type RotaryEmbeddingConfig, type RotaryEmbeddingBuildOptions } from './layers/rotary-embedding.js';
export { Activation, type ActivationConfig } from './layers/activation.js';
export { Dropout, type DropoutConfig } from './layers/dropout.js';
export { Add, ADD_MAX_INPUTS } from './layers/add.js';
export { TransformerEncoder, type TransformerEncoderConfig } from './layers/transformer-encoder.js';
export { TransformerDecoder, type TransformerDecoderConfig } from './layers/transformer-decoder.js';
export type { TransformerConfig } from './layers/transformer-common.js';
export { Sequential, type SequentialConfig } from './layers/sequential.js';
export { Functional, type FunctionalConfig, type FunctionalArgs, type LayerNode } from './layers/functional.js';
export type { ModelInput } from './layers/model-fields.js';
export { snakeCase } from './layers/layer.js';
export {
  LAYERS,
  LAYER_NAMES,
  isLayerName,
  layerClassNames,
  type LayerName,
  type LayerClass,
  type LayerArgs,
  type LayerBuildOptions,
} from './layers/table.js';
export { layerFromJSON, createLayer } from './layers/from-json.js';
export { weightsFromJSON, weightsToJSON, type TensorJSON, type TensorsJSON } from './weights-json.js';
export { decode, decodeBound, cachePairs, emptyCaches, type CachePair, type DecodeOptions } from './decode/decode.js';
