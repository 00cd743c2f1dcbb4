import { registerBackend } from '@layerspec/spec';
import { cpuBackend, wasmBackend, webglBackend, webgpuBackend } from './backend.js';
import { hasWebGL, hasWebGPU } from './environment.js';

registerBackend(cpuBackend);
registerBackend(wasmBackend);
// The GPU runtimes are registered only where the environment offers them, so listBackends() tells the truth.
if (hasWebGL()) registerBackend(webglBackend);
if (await hasWebGPU()) registerBackend(webgpuBackend);

export { backend, cpuBackend, wasmBackend, webglBackend, webgpuBackend, toHostTensor, type TfCompileOptions } from './backend.js';
export { runGraph } from './executor.js';
export { useRuntime, type TfRuntime } from './runtime.js';
export { setWasmPaths, type TfjsWasmFile, type TfjsWasmPaths } from './wasm-paths.js';
export { TF_KERNELS } from './kernels/table.js';
export type { TfKernel, TfContext } from './kernels/types.js';
export { tf } from './tf.js';
export * from './layers/index.js';
