/** The part of the onnxruntime API the backends use; onnxruntime-web and onnxruntime-node both provide it. */
import * as ortWeb from 'onnxruntime-web';
import type { HostTensor } from '@layerspec/spec';

export type OrtTensor = ortWeb.Tensor;
export type OrtSession = ortWeb.InferenceSession;
export type SessionOptions = ortWeb.InferenceSession.SessionOptions;

export interface OrtModule {
  readonly InferenceSession: { create(model: Uint8Array, options?: SessionOptions): Promise<OrtSession> };
  readonly Tensor: typeof ortWeb.Tensor;
}

/** onnxruntime-web, running on WebAssembly (single-threaded: the threaded build spawns workers in Node). */
export function loadWeb(): OrtModule {
  ortWeb.env.wasm.numThreads = 1;
  return ortWeb;
}

let nodeModule: Promise<OrtModule | undefined> | undefined;

/** onnxruntime-node, or undefined where it is not installed or its native binding does not load. */
export function loadNode(): Promise<OrtModule | undefined> {
  nodeModule ??= import('#onnxruntime-node').then(
    (m): OrtModule => m,
    () => undefined,
  );
  return nodeModule;
}

export function toOrt(ort: OrtModule, t: HostTensor): OrtTensor {
  const dims = [...t.shape];
  if (t.dtype === 'float32') return new ort.Tensor('float32', Float32Array.from(t.data), dims);
  if (t.dtype === 'int32') return new ort.Tensor('int32', Int32Array.from(t.data), dims);
  return new ort.Tensor('bool', Uint8Array.from(t.data, (v) => (v ? 1 : 0)), dims);
}

export function fromOrt(t: OrtTensor, where: string): HostTensor {
  const shape = t.dims.map(Number);
  const data = t.data;
  if (t.type === 'float32' && data instanceof Float32Array) return { dtype: 'float32', shape, data: Float32Array.from(data) };
  if (t.type === 'int32' && data instanceof Int32Array) return { dtype: 'int32', shape, data: Int32Array.from(data) };
  if (t.type === 'bool' && data instanceof Uint8Array) {
    return { dtype: 'bool', shape, data: Uint8Array.from(data, (v) => (v ? 1 : 0)) };
  }
  throw new Error(`${where}: onnxruntime returned a ${t.type} tensor, which has no IR dtype`);
}
