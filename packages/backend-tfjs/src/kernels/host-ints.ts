/**
 * The host values of the small int32 tensors some kernels read on the host (a shape, gather indices, a
 * diagonal offset). A synchronous read is cheap on the CPU runtimes and WebGL, but on WebGPU it goes
 * through TensorFlow.js's canvas-based readSync, which on SwiftShader (headless Chromium without a GPU)
 * returns wrong values (zeros) and then loses the device, after which every buffer creation fails. So
 * runs on WebGPU read these inputs asynchronously before the kernel (`readHostInputs`), and the kernel
 * finds the values here.
 */
import { LayerspecError, type OpName } from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';

/** The inputs each op's kernel reads on the host. */
export const HOST_INPUTS: Partial<Record<OpName, readonly number[]>> = { Expand: [1], Gather: [1], Trilu: [1] };

const known = new WeakMap<Tensor, readonly number[]>();

/** The part of tfjs-webgpu's backend that says where a tensor's values are. */
interface WebGpuStorage {
  readonly tensorMap: { get(dataId: object): { values?: unknown } | undefined };
}

const hasTensorMap = (b: object): b is WebGpuStorage => 'tensorMap' in b && typeof b.tensorMap === 'object' && b.tensorMap !== null;

/**
 * True when a synchronous read of `t` would read GPU memory on WebGPU. tfjs-webgpu keeps the values of a
 * tensor made from host data (and of the results of the small ops it runs on the CPU) in the tensor's
 * `values` until a GPU program first uses it, then drops them; `dataSync` returns them without touching
 * the GPU while they are there, and an async read puts them back.
 */
function onlyOnGpu(t: Tensor): boolean {
  if (tf.getBackend() !== 'webgpu') return false;
  // The tensor's own backend: `tensorMap.get` on another backend's tensor would move its data there.
  const owner = tf.engine().state.tensorInfo.get(t.dataId)?.backend;
  return owner === tf.backend() && hasTensorMap(owner) && owner.tensorMap.get(t.dataId)?.values == null;
}

/**
 * Host values of a small int32 tensor: those `readHostInputs` read, else read synchronously; on WebGPU a
 * synchronous read of values that are only in GPU memory (a synchronous run, as inside a `tf.layers` model)
 * throws instead of giving wrong values.
 */
export function hostInts(t: Tensor, where: string): number[] {
  const values = known.get(t);
  if (values) return [...values];
  if (onlyOnGpu(t)) {
    throw new LayerspecError(
      where,
      'this input is read on the host, but on tfjs-webgpu its values are only in GPU memory, which a synchronous run ' +
        '(a tf.layers model) cannot read correctly; compute it from host data, or run the graph with Compiled.run, which reads it asynchronously',
    );
  }
  return [...t.dataSync()];
}

/** Reads asynchronously the inputs of `op` that its kernel reads on the host. */
export async function readHostInputs(op: OpName, inputs: readonly (Tensor | undefined)[]): Promise<void> {
  for (const i of HOST_INPUTS[op] ?? []) {
    const t = inputs[i];
    if (t && !known.has(t)) known.set(t, Array.from(await t.data()));
  }
}
