import { LayerspecError, sizeOf, type DType, type HostTensor } from '@layerspec/spec';

/** The engine's tensor: float32 values are held as float64, so every intermediate is exact to double. */
export type RefData = Float64Array | Int32Array | Uint8Array;

export interface RefTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: RefData;
}

export function allocRef(dtype: DType, shape: readonly number[]): RefTensor {
  const n = sizeOf(shape);
  const data = dtype === 'float32' ? new Float64Array(n) : dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
  return { dtype, shape: [...shape], data };
}

/** Any non-zero byte of a bool tensor is true; the engine holds it as 1. */
export function fromHost(t: HostTensor): RefTensor {
  const data =
    t.dtype === 'float32'
      ? Float64Array.from(t.data)
      : t.dtype === 'int32'
        ? Int32Array.from(t.data)
        : Uint8Array.from(t.data, (v) => (v !== 0 ? 1 : 0));
  return { dtype: t.dtype, shape: [...t.shape], data };
}

export function toHost(t: RefTensor): HostTensor {
  const data = t.dtype === 'float32' ? Float32Array.from(t.data) : t.dtype === 'int32' ? Int32Array.from(t.data) : Uint8Array.from(t.data);
  return { dtype: t.dtype, shape: [...t.shape], data };
}

/** The float64 view of a float tensor (the only kind the float kernels accept). */
export function floats(t: RefTensor, where: string): Float64Array {
  if (!(t.data instanceof Float64Array)) throw new LayerspecError(where, `expected a float32 tensor, got ${t.dtype}`);
  return t.data;
}

export function ints(t: RefTensor, where: string): Int32Array {
  if (!(t.data instanceof Int32Array)) throw new LayerspecError(where, `expected an int32 tensor, got ${t.dtype}`);
  return t.data;
}

export function bools(t: RefTensor, where: string): Uint8Array {
  if (!(t.data instanceof Uint8Array)) throw new LayerspecError(where, `expected a bool tensor, got ${t.dtype}`);
  return t.data;
}

/** Same data under another shape (tensors are never written after they are made). */
export function withShape(t: RefTensor, shape: readonly number[]): RefTensor {
  return { dtype: t.dtype, shape: [...shape], data: t.data };
}
