/**
 * The targets of the browser suite: every backend registered in the page (those of ../targets.ts, which in
 * Chromium include tfjs-webgl, tfjs-webgpu and onnx-webgpu), the ONNX ones at opset 17 only: the opsets
 * differ in the exporter, which the Node suite covers on both; here the runtimes are what is tested.
 */
import { TARGETS, type Target } from '../targets.js';

export { refBackend } from '../targets.js';

export const BROWSER_TARGETS: readonly Target[] = TARGETS.filter((t) => !t.label.startsWith('onnx-') || t.label.endsWith('@17'));

/** The backends the suite expects to find registered in headless Chromium with the flags of vitest.browser.config.ts. */
export const BROWSER_BACKENDS = ['ref', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu', 'onnx-web', 'onnx-webgpu'];
