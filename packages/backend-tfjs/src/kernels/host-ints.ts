/**
 * The host values of the small int32 tensors some kernels read on the host (a shape, gather indices, a
 * diagonal offset). A synchronous read is cheap on the CPU runtimes and WebGL, but on WebGPU it goes
 * through TensorFlow.js's canvas-based readSync, which on SwiftShader (headless Chromium without a GPU)
 * returns wrong values (zeros) and then loses the device, after which every buffer creation fails. So
 * runs on WebGPU read these inputs asynchronously before the kernel (`readHostInputs`), and the kernel
 * finds the values here.
 */
import type { OpName } from '@layerspec/spec';
import type { Tensor } from '../tf.js';

/** The inputs each op's kernel reads on the host. */
export const HOST_INPUTS: Partial<Record<OpName, readonly number[]>> = { Expand: [1], Gather: [1], Trilu: [1] };

const known = new WeakMap<Tensor, readonly number[]>();

/** Host values of a small int32 tensor: those `readHostInputs` read, else read synchronously. */
export function hostInts(t: Tensor): number[] {
  return [...(known.get(t) ?? t.dataSync())];
}

/** Reads asynchronously the inputs of `op` that its kernel reads on the host. */
export async function readHostInputs(op: OpName, inputs: readonly (Tensor | undefined)[]): Promise<void> {
  for (const i of HOST_INPUTS[op] ?? []) {
    const t = inputs[i];
    if (t && !known.has(t)) known.set(t, Array.from(await t.data()));
  }
}
