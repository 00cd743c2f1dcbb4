import { prepareRuntime, type TfRuntime } from './runtimes.js';
import { tf } from './tf.js';

export type { TfRuntime };

/** Makes `runtime` the active tfjs backend (a no-op when it already is). */
export async function useRuntime(runtime: TfRuntime): Promise<void> {
  if (tf.getBackend() === runtime) return;
  await prepareRuntime(runtime);
  if (!(await tf.setBackend(runtime))) throw new Error(`TensorFlow.js could not start its '${runtime}' backend`);
  await tf.ready();
}
