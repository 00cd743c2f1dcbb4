import type { PassName } from '@layerspec/spec';
import type { TfRuntime } from './runtime.js';

/** What a TensorFlow.js backend compiles with when the compile options do not say. */
export interface TfRuntimeProfile {
  /**
   * The memory limit of a run (the `memoryLimitBytes` compile option). tfjs-cpu: 4 GiB. wasm: 2 GiB,
   * because wasm's 4 GiB address space also holds the kernels' temporaries. A GPU runtime's tensors live
   * in textures or buffers whose total a page cannot query: 2 GiB there too, and for `tfjs` (any runtime).
   */
  readonly memoryLimitBytes: number;
  /**
   * The device passes added to the default passes (docs/passes.md). webgl and webgpu: 'exact-trig',
   * because the GPU shaders' sin and cos are off by up to 1.9e-4 (SwiftShader; WGSL and GLSL promise
   * 2^-11), and the pass makes them float32-exact arithmetic. `tfjs` runs on whichever runtime is active
   * at run time, and keeps Sin and Cos.
   */
  readonly devicePasses: readonly PassName[];
}

const GIB = 1024 ** 3;

/** The profile of each runtime, and of `tfjs` ('any': whichever runtime is active when it runs). */
export const TF_RUNTIME_PROFILES: Readonly<Record<TfRuntime | 'any', TfRuntimeProfile>> = {
  cpu: { memoryLimitBytes: 4 * GIB, devicePasses: [] },
  wasm: { memoryLimitBytes: 2 * GIB, devicePasses: [] },
  webgl: { memoryLimitBytes: 2 * GIB, devicePasses: ['exact-trig'] },
  webgpu: { memoryLimitBytes: 2 * GIB, devicePasses: ['exact-trig'] },
  any: { memoryLimitBytes: 2 * GIB, devicePasses: [] },
};
