import { registerBackend } from '@layerspec/spec';
import { loadNodeBackend } from './runtime/backend.js';
import { hasWebGPU, webBackend, webgpuBackend } from './runtime/providers.js';

registerBackend(webBackend);
// Registered only where the environment offers it, so listBackends() tells the truth.
if (await hasWebGPU()) registerBackend(webgpuBackend);

/** The onnx-node backend, or undefined where onnxruntime-node does not load (never in a browser; also registered as 'onnx-node'). */
export const nodeBackend = await loadNodeBackend();
if (nodeBackend) registerBackend(nodeBackend);

export type { OnnxCompileOptions } from './runtime/backend.js';
export {
  webBackend,
  webBackend as backend,
  webgpuBackend,
  type OnnxExecutionProvider,
  type OnnxWebCompileOptions,
} from './runtime/providers.js';
export { setWasmPaths, availableThreads, type OnnxWasmPaths } from './runtime/web-env.js';
export { exportOnnx, onnxOutputNames, type ExportOptions } from './export/export.js';
export { LAYER_NORM_FORMS, type LayerNormForm } from './runtime/layer-norm-form.js';
export { ATTENTION_FORMS, type AttentionForm } from './export/attention-form.js';
export {
  AUTO_ATTENTION,
  DEFAULT_LAYER_NORM,
  ONNX_BACKEND_PROFILES,
  type OnnxBackendName,
  type OnnxBackendProfile,
} from './runtime/profiles.js';
export { LOWERINGS, type OnnxLowering } from './export/lowerings.js';
export { checkOpset, OPSETS, type Opset } from './export/opset.js';
