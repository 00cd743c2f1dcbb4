import { LayerspecError } from './errors.js';
import type { DType, Dim, HostTensor, TensorType } from './types.js';

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function allocate(dtype: DType, size: number): HostTensor['data'] {
  if (dtype === 'float32') return new Float32Array(size);
  if (dtype === 'int32') return new Int32Array(size);
  return new Uint8Array(size);
}

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.join(', ')}]`;
}

export function formatType(type: TensorType): string {
  return `${type.dtype}${formatShape(type.shape)}`;
}

type NestedNumbers = number | boolean | readonly NestedNumbers[];

function flatten(values: NestedNumbers, out: number[], shape: number[], depth: number): void {
  if (typeof values === 'number' || typeof values === 'boolean') {
    out.push(Number(values));
    return;
  }
  if (shape.length === depth) shape.push(values.length);
  else if (shape[depth] !== values.length) throw new LayerspecError('tensor', 'ragged nested array');
  for (const v of values) flatten(v, out, shape, depth + 1);
}

/**
 * Makes a HostTensor from nested arrays or a flat array plus a shape.
 * `tensor([[1, 2], [3, 4]])`, `tensor([1, 2, 3, 4], [2, 2])`, `tensor([true, false], [2], 'bool')`.
 */
export function tensor(values: NestedNumbers | ArrayLike<number>, shape?: number[], dtype: DType = 'float32'): HostTensor {
  let flat: number[];
  let inferred: number[] = [];
  if (typeof values === 'object' && !Array.isArray(values) && 'length' in values) {
    flat = Array.from(values as ArrayLike<number>);
    inferred = [flat.length];
  } else {
    flat = [];
    flatten(values as NestedNumbers, flat, inferred, 0);
  }
  const finalShape = shape ?? inferred;
  if (sizeOf(finalShape) !== flat.length) {
    throw new LayerspecError('tensor', `${flat.length} values do not fill shape ${formatShape(finalShape)}`);
  }
  const data = allocate(dtype, flat.length);
  data.set(flat);
  return { dtype, shape: [...finalShape], data };
}

export function zerosTensor(shape: number[], dtype: DType = 'float32'): HostTensor {
  return { dtype, shape: [...shape], data: allocate(dtype, sizeOf(shape)) };
}

/** Reads a tensor back as nested arrays (for tests and printing). */
export function toNested(t: HostTensor): NestedNumbers {
  const values = Array.from(t.data, (v) => (t.dtype === 'bool' ? v !== 0 : v));
  if (t.shape.length === 0) return values[0]!;
  const build = (axis: number, offset: number): NestedNumbers[] => {
    const strides = stridesOf(t.shape);
    const out: NestedNumbers[] = [];
    for (let i = 0; i < t.shape[axis]!; i++) {
      const at = offset + i * strides[axis]!;
      out.push(axis === t.shape.length - 1 ? values[at]! : build(axis + 1, at));
    }
    return out;
  };
  return build(0, 0);
}

/** Throws if `t` is not a well-formed HostTensor (wrong array kind, or length not matching the shape). */
export function checkHostTensor(t: HostTensor, where: string, what: string): void {
  const expected = t.dtype === 'float32' ? Float32Array : t.dtype === 'int32' ? Int32Array : Uint8Array;
  if (!(t.data instanceof expected)) {
    throw new LayerspecError(where, `${what}: dtype ${t.dtype} needs a ${expected.name}, got ${t.data.constructor.name}`);
  }
  if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new LayerspecError(where, `${what}: shape ${formatShape(t.shape)} must be non-negative integers`);
  }
  if (t.data.length !== sizeOf(t.shape)) {
    throw new LayerspecError(where, `${what}: ${t.data.length} values do not fill shape ${formatShape(t.shape)}`);
  }
}
