import { registerBackend } from '@layerspec/spec';
import { loadNodeBackend, webBackend } from './runtime/backend.js';

registerBackend(webBackend);

/** The onnx-node backend, or undefined where onnxruntime-node does not load (also registered as 'onnx-node'). */
export const nodeBackend = await loadNodeBackend();
if (nodeBackend) registerBackend(nodeBackend);

export { webBackend, webBackend as backend, type OnnxCompileOptions } from './runtime/backend.js';
export { exportOnnx, onnxOutputNames, type ExportOptions } from './export/export.js';
export { LOWERINGS, type OnnxLowering } from './export/lowerings.js';
export { checkOpset, OPSETS, type Opset } from './export/opset.js';
