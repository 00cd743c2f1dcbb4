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

/**
 * The caller's tensor as an onnxruntime tensor, wrapping its array without a copy where the dtype fits:
 * onnxruntime only reads inputs while `session.run` executes (onnxruntime-node runs synchronously inside
 * it, onnxruntime-web copies them into its heap), and never writes them. A bool array holding anything
 * but 0 and 1 is copied as 0/1.
 */
export function toOrt(ort: OrtModule, t: HostTensor): OrtTensor {
  const dims = [...t.shape];
  const data = t.data;
  if (t.dtype === 'float32') return new ort.Tensor('float32', data instanceof Float32Array ? data : Float32Array.from(data), dims);
  if (t.dtype === 'int32') return new ort.Tensor('int32', data instanceof Int32Array ? data : Int32Array.from(data), dims);
  if (data instanceof Uint8Array && isZeroOne(data)) return new ort.Tensor('bool', data, dims);
  return new ort.Tensor(
    'bool',
    Uint8Array.from(data, (v) => (v ? 1 : 0)),
    dims,
  );
}

function isZeroOne(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i++) if (data[i]! > 1) return false;
  return true;
}

/**
 * An output as a HostTensor, handing out onnxruntime's array without a copy: both runtimes return each
 * output in a fresh array of its own (onnxruntime-web copies it out of its heap), which no later run
 * reuses (`runtime/outputs-fresh.test.ts` checks it).
 */
export function fromOrt(t: OrtTensor, where: string): HostTensor {
  const shape = t.dims.map(Number);
  const data = t.data;
  if (t.type === 'float32' && data instanceof Float32Array) return { dtype: 'float32', shape, data };
  if (t.type === 'int32' && data instanceof Int32Array) return { dtype: 'int32', shape, data };
  if (t.type === 'bool' && data instanceof Uint8Array)
    return { dtype: 'bool', shape, data: isZeroOne(data) ? data : Uint8Array.from(data, (v) => (v ? 1 : 0)) };
  throw new Error(`${where}: onnxruntime returned a ${t.type} tensor, which has no IR dtype`);
}
