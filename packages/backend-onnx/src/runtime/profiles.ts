import type { PassName } from '@layerspec/spec';
import type { LayerNormForm } from './layer-norm-form.js';

/** The onnxruntime backends this package registers. */
export type OnnxBackendName = 'onnx-node' | 'onnx-web' | 'onnx-webgpu';

/** What an onnxruntime backend compiles with when the compile options do not say. */
export interface OnnxBackendProfile {
  /**
   * The memory limit of a run (the `memoryLimitBytes` compile option). onnxruntime-web lives in wasm's
   * 4 GiB address space with its own workspace (its WebGPU provider too, for what it keeps on the CPU
   * side): 2 GiB; onnx-node as tfjs-cpu: 4 GiB.
   */
  readonly memoryLimitBytes: number;
  /**
   * How attention regions are written (the `attention` compile option). 'auto' on onnx-node and onnx-web,
   * from the benchmark in docs/onnx-attention.md (native vs decomposed, interleaved in one process);
   * 'decomposed' on onnx-webgpu, where the op has been neither measured nor checked.
   */
  readonly attention: 'auto' | 'decomposed';
  /**
   * How LayerNormalization regions are written (the `layerNorm` compile option). 'decomposed' on
   * onnx-webgpu, because onnxruntime-web's WebGPU LayerNormalization computes the variance in one pass
   * (E[x^2] - E[x]^2), which loses the digits of rows far from zero (0.11 off on rows near 1000 with std
   * ~1, headless Chromium); 'native' elsewhere.
   */
  readonly layerNorm: LayerNormForm;
  /**
   * The device passes added to the default passes (docs/passes.md). onnx-webgpu: 'exact-trig', because
   * onnxruntime-web's WebGPU Sin and Cos run on the GPU's own, off by up to 2e-4 (SwiftShader), and the
   * pass makes them float32-exact arithmetic.
   */
  readonly devicePasses: readonly PassName[];
}

const GIB = 1024 ** 3;

/** Every onnxruntime backend's profile (a Record over OnnxBackendName, so a new backend must have one). */
export const ONNX_BACKEND_PROFILES: Readonly<Record<OnnxBackendName, OnnxBackendProfile>> = {
  'onnx-node': { memoryLimitBytes: 4 * GIB, attention: 'auto', layerNorm: 'native', devicePasses: [] },
  'onnx-web': { memoryLimitBytes: 2 * GIB, attention: 'auto', layerNorm: 'native', devicePasses: [] },
  'onnx-webgpu': { memoryLimitBytes: 2 * GIB, attention: 'decomposed', layerNorm: 'decomposed', devicePasses: ['exact-trig'] },
};

function field<K extends keyof OnnxBackendProfile>(key: K): Readonly<Record<OnnxBackendName, OnnxBackendProfile[K]>> {
  const p = ONNX_BACKEND_PROFILES;
  return { 'onnx-node': p['onnx-node'][key], 'onnx-web': p['onnx-web'][key], 'onnx-webgpu': p['onnx-webgpu'][key] };
}

/** The `attention` field of each profile: the form each backend compiles attention regions with by default. */
export const AUTO_ATTENTION = field('attention');

/** The `layerNorm` field of each profile: the form each backend compiles LayerNormalization with by default. */
export const DEFAULT_LAYER_NORM = field('layerNorm');
