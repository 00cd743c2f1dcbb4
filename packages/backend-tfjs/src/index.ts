import { registerBackend } from '@layerspec/spec';
import { cpuBackend, wasmBackend } from './backend.js';

registerBackend(cpuBackend);
registerBackend(wasmBackend);

export { backend, cpuBackend, wasmBackend, toHostTensor, type TfCompileOptions } from './backend.js';
export { runGraph } from './executor.js';
export { useRuntime, type TfRuntime } from './runtime.js';
export { TF_KERNELS } from './kernels/table.js';
export type { TfKernel, TfContext } from './kernels/types.js';
export { tf } from './tf.js';
export * from './layers/index.js';
