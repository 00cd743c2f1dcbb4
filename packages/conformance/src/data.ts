/** Deterministic tensor data from a seed, so fast-check shrinks sizes and flags, not megabytes of floats. */
import { type Random, sizeOf, type HostTensor } from '@layerspec/spec';

export function normalTensor(rng: Random, shape: number[], magnitude = 1): HostTensor {
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal() * magnitude;
  return { dtype: 'float32', shape: [...shape], data };
}

/** A bool tensor, each entry true with probability `pTrue`. */
export function boolTensor(rng: Random, shape: number[], pTrue: number): HostTensor {
  const data = new Uint8Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform() < pTrue ? 1 : 0;
  return { dtype: 'bool', shape: [...shape], data };
}

export function maxAbs(t: HostTensor | undefined): number {
  if (!t) return 0;
  let m = 0;
  for (const v of t.data) m = Math.max(m, Math.abs(v));
  return m;
}

export function cloneTensor(t: HostTensor): HostTensor {
  return { dtype: t.dtype, shape: [...t.shape], data: t.data.slice() };
}

/** Offset of a multi-index in a row-major shape. */
export function offsetOf(shape: readonly number[], index: readonly number[]): number {
  let off = 0;
  for (let i = 0; i < shape.length; i++) off = off * shape[i]! + index[i]!;
  return off;
}

/** Offset in `shape` of the element that numpy broadcasting maps to `index` of a larger shape. */
export function broadcastOffset(shape: readonly number[], index: readonly number[]): number {
  const lead = index.length - shape.length;
  let off = 0;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    off = off * d + (d === 1 ? 0 : index[lead + i]!);
  }
  return off;
}

/** Calls `f` with every multi-index of `shape`, row-major. */
export function forEachIndex(shape: readonly number[], f: (index: number[], flat: number) => void): void {
  const n = sizeOf([...shape]);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < n; flat++) {
    f(index, flat);
    for (let a = shape.length - 1; a >= 0; a--) {
      index[a] = index[a]! + 1;
      if (index[a]! < shape[a]!) break;
      index[a] = 0;
    }
  }
}
