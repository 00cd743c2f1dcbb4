/** Element types every backend supports. */
export type DType = 'float32' | 'int32' | 'bool';

/** A dimension: a fixed size, or a symbolic name such as `'batch'` bound when the graph runs. */
export type Dim = number | string;

/** The static type of a tensor in a graph. */
export interface TensorType {
  dtype: DType;
  shape: Dim[];
}

export type TypedArrayOf<D extends DType> = D extends 'float32' ? Float32Array : D extends 'int32' ? Int32Array : Uint8Array;

/** A concrete tensor in host memory: row-major, bools stored as 0/1 bytes. */
export interface HostTensor {
  dtype: DType;
  shape: number[];
  data: Float32Array | Int32Array | Uint8Array;
}

export const DTYPES: readonly DType[] = ['float32', 'int32', 'bool'];

export function isDType(value: unknown): value is DType {
  return value === 'float32' || value === 'int32' || value === 'bool';
}
