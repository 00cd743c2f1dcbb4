import type { DType } from '@layerspec/spec';

/** How one safetensors dtype is stored and what it becomes in memory. */
export interface StoredDType {
  /** Bytes per element. */
  readonly size: number;
  readonly target: DType;
  /** Reads element `i` (little-endian) from `view`; integers come back as a number or bigint to range-check. */
  readonly read: (view: DataView, byteOffset: number) => number | bigint;
}

/** IEEE half precision bits to a number (subnormals, infinities and NaN included). */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const bf16Scratch = new DataView(new ArrayBuffer(4));

/** bfloat16 bits are the upper half of a float32. */
export function bfloat16ToNumber(bits: number): number {
  bf16Scratch.setUint32(0, bits << 16, true);
  return bf16Scratch.getFloat32(0, true);
}

/** The safetensors dtypes this reader accepts. Integer types other than I32 are range-checked into int32. */
export const STORED_DTYPES: Readonly<Record<string, StoredDType>> = {
  F32: { size: 4, target: 'float32', read: (v, o) => v.getFloat32(o, true) },
  F64: { size: 8, target: 'float32', read: (v, o) => v.getFloat64(o, true) },
  F16: { size: 2, target: 'float32', read: (v, o) => halfToNumber(v.getUint16(o, true)) },
  BF16: { size: 2, target: 'float32', read: (v, o) => bfloat16ToNumber(v.getUint16(o, true)) },
  I32: { size: 4, target: 'int32', read: (v, o) => v.getInt32(o, true) },
  I64: { size: 8, target: 'int32', read: (v, o) => v.getBigInt64(o, true) },
  I16: { size: 2, target: 'int32', read: (v, o) => v.getInt16(o, true) },
  I8: { size: 1, target: 'int32', read: (v, o) => v.getInt8(o) },
  U8: { size: 1, target: 'int32', read: (v, o) => v.getUint8(o) },
  U16: { size: 2, target: 'int32', read: (v, o) => v.getUint16(o, true) },
  U32: { size: 4, target: 'int32', read: (v, o) => v.getUint32(o, true) },
  BOOL: { size: 1, target: 'bool', read: (v, o) => v.getUint8(o) },
};

/** What `writeSafetensors` writes for each in-memory dtype. */
export const WRITTEN_DTYPES: Readonly<Record<DType, string>> = { float32: 'F32', int32: 'I32', bool: 'BOOL' };
