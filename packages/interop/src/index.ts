export { readSafetensors, readSafetensorsWithMetadata, MAX_HEADER_BYTES, type SafetensorsContents } from './safetensors/read.js';
export { writeSafetensors } from './safetensors/write.js';
export { fromTorch, toTorch, TORCH_MAPPINGS } from './torch/table.js';
export type { Weights } from './torch/tensor-ops.js';
export { transformerEncoderFromTorch, type TorchEncoderLayerArgs } from './torch/transformer-config.js';
export { readKerasWeights, type ReadKerasOptions } from './keras/read.js';
