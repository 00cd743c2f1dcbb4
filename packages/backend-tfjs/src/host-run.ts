import type { ConcreteTypes, Graph, HostTensor } from '@layerspec/spec';
import { runGraph, runGraphAsync } from './executor.js';
import { toTensor } from './kernels/sources.js';
import { isWasmAbort, restartWasm } from './runtime.js';
import { tf, type Tensor } from './tf.js';

/** `t`'s values as a HostTensor of arrays of its own (a copy: a runtime may hand out its own buffer). */
export async function toHostTensor(t: Tensor): Promise<HostTensor> {
  return hostOf(t, await t.data(), false);
}

/**
 * `values` read from `t` as a HostTensor: `fresh` says the read made a new array nobody else holds (the
 * wasm runtime reads a slice of its heap), which is handed out as it is; otherwise it is copied.
 */
function hostOf(t: Tensor, values: Float32Array | Int32Array | Uint8Array, fresh: boolean): HostTensor {
  const shape = [...t.shape];
  if (t.dtype === 'float32') {
    const own = values instanceof Float32Array;
    return { dtype: 'float32', shape, data: own && fresh ? values : own ? values.slice() : Float32Array.from(values) };
  }
  if (t.dtype === 'int32') {
    const own = values instanceof Int32Array;
    return { dtype: 'int32', shape, data: own && fresh ? values : own ? values.slice() : Int32Array.from(values) };
  }
  return { dtype: 'bool', shape, data: Uint8Array.from(values) };
}

/** Disposes `t`, unless its runtime's module has failed, when disposing would throw a second error. */
export function safeDispose(t: Tensor): void {
  try {
    t.dispose();
  } catch (e) {
    if (!isWasmAbort(e)) throw e;
  }
}

/** Any non-zero byte of a bool tensor is true: TensorFlow.js's cpu kernels only read 1 as true. */
function normalizedBools(t: HostTensor): HostTensor {
  if (t.dtype !== 'bool' || t.data.every((v) => v === 0 || v === 1)) return t;
  return { dtype: 'bool', shape: t.shape, data: Uint8Array.from(t.data, (v) => (v !== 0 ? 1 : 0)) };
}

/** One run on the active runtime: checked host inputs, weights uploaded already (`weights()`), host outputs. */
export interface HostRun {
  readonly graph: Graph;
  readonly training: boolean;
  readonly inputs: Record<string, HostTensor>;
  /** The uploaded weights, asked for on the runtime the run uses. */
  readonly weights: () => ReadonlyMap<string, Tensor>;
  readonly types: ConcreteTypes;
  /**
   * Every tensor of the run lives on the wasm runtime (the graph was compiled for it), whose reads are
   * fresh slices of its heap: the outputs are handed out without a second copy.
   */
  readonly wasmOnly: boolean;
}

/** `runHost`, restarting the wasm runtime when its module failed, so the next run starts clean. */
export async function runHostOnce(r: HostRun): Promise<Record<string, HostTensor>> {
  try {
    return await runHost(r);
  } catch (e) {
    if (tf.getBackend() === 'wasm' && isWasmAbort(e)) await restartWasm();
    throw e;
  }
}

/** Uploads the inputs, runs the graph with the uploaded weights, reads the outputs back and frees what it made. */
async function runHost({ graph, training, inputs, weights, types, wasmOnly }: HostRun): Promise<Record<string, HostTensor>> {
  const fed: Tensor[] = [];
  try {
    const env = new Map<string, Tensor>();
    for (const v of graph.inputs) {
      const t = toTensor(normalizedBools(inputs[v.name]!));
      fed.push(t);
      env.set(v.name, t);
    }
    const uploaded = weights();
    for (const p of graph.params) env.set(p.name, uploaded.get(p.name)!);
    // WebGPU reads host values asynchronously only (kernels/host-ints.ts).
    const outputs =
      tf.getBackend() === 'webgpu'
        ? await runGraphAsync(graph, env, training, types)
        : tf.tidy(() => runGraph(graph, env, training, types));
    try {
      const fresh = wasmOnly && tf.getBackend() === 'wasm';
      const host = await Promise.all(outputs.map(async (t) => hostOf(t, await t.data(), fresh)));
      return Object.fromEntries(graph.outputs.map((o, i) => [o.name, host[i]!]));
    } finally {
      for (const t of outputs) safeDispose(t);
    }
  } finally {
    for (const t of fed) safeDispose(t);
  }
}
