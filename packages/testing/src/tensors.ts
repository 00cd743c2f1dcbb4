/** Small deterministic tensors and tensor types for the op cases. */
import { tensor, type DType, type Dim, type HostTensor, type TensorType } from '@layerspec/spec';

export const size = (shape: readonly number[]): number => shape.reduce((a, c) => a * c, 1);

export const F = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'float32');
export const I = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'int32');
export const B = (values: readonly boolean[], shape: number[]): HostTensor => tensor(values.map(Number), shape, 'bool');

/** 1, 2, ..., n (times `scale`) over `shape`. */
export const seq = (shape: number[], scale = 1): HostTensor =>
  F(
    Array.from({ length: size(shape) }, (_, i) => (i + 1) * scale),
    shape,
  );
/** 0, 1, ..., n-1 over `shape`. */
export const arange = (shape: number[], dtype: DType = 'float32'): HostTensor =>
  tensor(
    Array.from({ length: size(shape) }, (_, i) => i),
    shape,
    dtype,
  );
export const zeros = (shape: number[]): HostTensor => F(new Array<number>(size(shape)).fill(0), shape);

/**
 * MatMul operands A[i] = ((7i mod 11) - 5) / 4 and B[i] = ((5i mod 13) - 6) / 4 in row-major order: every
 * product and sum is exact in float32. The int32 variants are 4x those.
 */
export const va = (shape: number[], dtype: DType = 'float32'): HostTensor =>
  tensor(
    Array.from({ length: size(shape) }, (_, i) => (((i * 7) % 11) - 5) / (dtype === 'float32' ? 4 : 1)),
    shape,
    dtype,
  );
export const vb = (shape: number[], dtype: DType = 'float32'): HostTensor =>
  tensor(
    Array.from({ length: size(shape) }, (_, i) => (((i * 5) % 13) - 6) / (dtype === 'float32' ? 4 : 1)),
    shape,
    dtype,
  );

/** Smooth non-trivial floats in about [-2, 2]. */
export const wave = (shape: number[], phase = 0): HostTensor =>
  F(
    Array.from({ length: size(shape) }, (_, i) => 2 * Math.sin(0.7 * i + phase)),
    shape,
  );

export const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });
export const i32 = (...shape: Dim[]): TensorType => ({ dtype: 'int32', shape });
export const typeOf = (t: HostTensor): TensorType => ({ dtype: t.dtype, shape: t.shape });

/** ONNX's "to the end" for Slice ends. */
export const END = 2147483647;
