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

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` with `runtime` active (or whatever is active, when undefined), after every run queued before
 * it has ended. TensorFlow.js has one active backend for the whole process: without the queue, a run on
 * 'cpu' awaiting its outputs could resume on 'wasm' after another graph switched the backend.
 */
export function withRuntime<T>(runtime: TfRuntime | undefined, fn: () => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    if (runtime) await useRuntime(runtime);
    return fn();
  });
  queue = run.catch(() => undefined);
  return run;
}

let wasmGeneration = 0;

/** Bumped each time the wasm runtime is restarted: tensors made before belong to a dead module. */
export const wasmRuntimeGeneration = (): number => wasmGeneration;

/** True for a failure of the WebAssembly module itself (out of bounds, Aborted()), after which it is unusable. */
export function isWasmAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'RuntimeError';
}

/**
 * Replaces a wasm runtime whose module aborted (after which every call into it fails) with a fresh one,
 * started on the next run, so one failed run never poisons the later ones.
 */
export async function restartWasm(): Promise<void> {
  const factory = tf.findBackendFactory('wasm');
  if (!factory) return;
  const dead = tf.engine().registry['wasm'];
  // Its module is gone: disposing it would call into it and throw.
  if (dead) dead.dispose = () => undefined;
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, 2);
  wasmGeneration++;
  await useRuntime('wasm');
}
