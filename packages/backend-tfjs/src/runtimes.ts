/**
 * What each tfjs runtime needs before `tf.setBackend` can start it: wasm its binaries' location, the GPU
 * runtimes their backend modules (imported on first use, so a page that never runs on them only carries
 * their code and never registers them with tfjs).
 */
import { prepareWasmPaths } from './wasm-paths.js';

export type TfRuntime = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

export async function prepareRuntime(runtime: TfRuntime): Promise<void> {
  if (runtime === 'wasm') await prepareWasmPaths();
  else if (runtime === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  else if (runtime === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
}
