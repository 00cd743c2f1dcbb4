import { LayerspecError } from '../errors.js';
import type { Graph } from '../graph/types.js';
import type { DType, Dim, HostTensor, TensorType } from '../types.js';

/** A tensor type, plus the contents of a small int32 tensor when they are known at build time. */
export interface ValueInfo extends TensorType {
  /** Known contents of a rank-0 or rank-1 int32 tensor (for example the output of `Shape`). */
  value?: Dim[];
}

export type AttrKind = 'int' | 'float' | 'bool' | 'ints' | 'dtype' | 'tensor' | 'graph';

/** The attribute kinds a TypeScript attribute type may be declared with. */
export type KindFor<T> = [T] extends [boolean]
  ? 'bool'
  : [T] extends [number]
    ? 'int' | 'float'
    : [T] extends [readonly number[]]
      ? 'ints'
      : [T] extends [HostTensor]
        ? 'tensor'
        : [T] extends [Graph]
          ? 'graph'
          : [T] extends [DType]
            ? 'dtype'
            : never;

export interface AttrSpec<T> {
  readonly kind: KindFor<T>;
  /** Absent for a required attribute. */
  readonly default?: T;
  readonly doc: string;
}

export interface InputSpec {
  readonly name: string;
  readonly optional?: boolean;
  /** The last input may repeat (Concat). */
  readonly variadic?: boolean;
  readonly dtypes: readonly DType[];
}

/** Everything a backend or tool needs to know about one op: declared once, here. */
export interface OpSpec<A extends object> {
  readonly doc: string;
  readonly inputs: readonly InputSpec[];
  readonly outputs: readonly string[];
  readonly attrs: { readonly [K in keyof A]-?: AttrSpec<A[K]> };
  /** Output types from input types; `inputs[i]` is undefined for an omitted optional input. */
  infer(inputs: readonly (ValueInfo | undefined)[], attrs: A, where: string): ValueInfo[];
}

export function defineOp<A extends object>(spec: OpSpec<A>): OpSpec<A> {
  return spec;
}

export const FLOAT: readonly DType[] = ['float32'];
export const NUMERIC: readonly DType[] = ['float32', 'int32'];
export const BOOL: readonly DType[] = ['bool'];
export const ANY: readonly DType[] = ['float32', 'int32', 'bool'];
export const INT: readonly DType[] = ['int32'];

export function fail(where: string, detail: string): never {
  throw new LayerspecError(where, detail);
}

/** The input at `index`, which the op declares as required. */
export function required(inputs: readonly (ValueInfo | undefined)[], index: number, where: string): ValueInfo {
  const v = inputs[index];
  if (!v) fail(where, `input ${index} is required`);
  return v;
}

export function requireRank(v: TensorType, min: number, where: string, what: string): void {
  if (v.shape.length < min) fail(where, `${what} must have rank >= ${min}, got rank ${v.shape.length}`);
}

export function sameDtype(a: TensorType, b: TensorType, where: string): void {
  if (a.dtype !== b.dtype) fail(where, `inputs must share a dtype, got ${a.dtype} and ${b.dtype}`);
}
