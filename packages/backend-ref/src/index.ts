import { registerBackend } from '@layerspec/spec';
import { backend } from './engine.js';

registerBackend(backend);

export { backend, RefCompiled, type RefCompileOptions, type RefRunStats } from './engine.js';
export { KERNELS } from './kernels/table.js';
export type { Kernel, KernelContext } from './kernels/types.js';
export type { RefTensor } from './ref-tensor.js';
