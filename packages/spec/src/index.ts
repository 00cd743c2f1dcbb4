export type { DType, Dim, TensorType, HostTensor, TypedArrayOf } from './types.js';
export { DTYPES, isDType } from './types.js';
export { LayerspecError } from './errors.js';
export {
  tensor, zerosTensor, toNested, sizeOf, stridesOf, allocate, formatShape, formatType, checkHostTensor,
} from './tensor.js';
export { broadcastShapes, broadcastStatic, broadcastsTo, normalizeAxis, normalizeAxes, isStatic, dimsCompatible, DimProduct } from './shape.js';

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
export { GraphBuilder, type Value } from './graph/builder.js';
export { buildScan, type ScanSpec, type ScanStep } from './graph/scan-builder.js';
export { verifyGraph } from './graph/verify.js';
export { scheduleGraph, type Schedule, type ScheduledNode } from './graph/schedule.js';
export { graphToJSON, graphFromJSON } from './graph/serialize.js';

export type { InitializerSpec, InitializerLike, InitializerName } from './init/spec.js';
export { toInitializerSpec } from './init/spec.js';
export { generate as generateInitializer, kerasFans } from './init/initializers.js';
export { Random, hashString } from './init/random.js';
export { initWeights, type InitWeightsOptions } from './init/init-weights.js';

export type { Backend, Compiled, CompileOptions } from './backend/types.js';
export { registerBackend, getBackend, listBackends } from './backend/registry.js';
export { bindRun } from './backend/bind.js';

export { Layer, type InputDecl, type LayerJSON } from './layers/layer.js';
export { fields, parseConfig, type ConfigSchema, type Field } from './layers/config.js';
export { attend, maskedSoftmax, causalMask, FLOAT32_LOWEST, type CausalAlignment, type AttendOptions } from './layers/attention-core.js';
export { ScaledDotProductAttention, type ScaledDotProductAttentionConfig, type AttentionBuildOptions } from './layers/scaled-dot-product-attention.js';
export { MultiHeadAttention, type MultiHeadAttentionConfig, type MultiHeadAttentionBuildOptions } from './layers/multi-head-attention.js';
export { LayerNormalization, type LayerNormalizationConfig } from './layers/layer-normalization.js';
export { RMSNormalization, type RMSNormalizationConfig } from './layers/rms-normalization.js';
export { SequenceAttention, type SequenceAttentionConfig, type LuongScore } from './layers/sequence-attention.js';
export { RecurrentCell, type CellStep, type StateName } from './layers/recurrent/cell.js';
export { SimpleRNNCell, type SimpleRNNCellConfig, type Activation } from './layers/recurrent/simple-rnn-cell.js';
export { LSTMCell, type LSTMCellConfig } from './layers/recurrent/lstm-cell.js';
export { GRUCell, type GRUCellConfig } from './layers/recurrent/gru-cell.js';
export { RNN, type RNNConfig } from './layers/recurrent/rnn.js';
export { AttentionWrapper, type AttentionWrapperConfig } from './layers/recurrent/attention-wrapper.js';
export { layerFromJSON, registerLayer, layerClassNames } from './layers/registry.js';
