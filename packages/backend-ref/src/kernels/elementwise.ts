import { LayerspecError, type DType } from '@layerspec/spec';
import { allocRef, type RefData, type RefTensor } from '../ref-tensor.js';
import { broadcastAll, forEachBroadcastRow } from './broadcast.js';
import { input, type Kernel, type KernelFn, type NoAttrs } from './types.js';

type Fn2 = (x: number, y: number) => number;

/** Writes fn(a, b) into out along broadcast rows. The four arithmetic ops get their own loops (hot paths). */
function binary(
  a: RefTensor,
  b: RefTensor,
  dtype: DType,
  fn: Fn2,
  fast: 'add' | 'sub' | 'mul' | 'div' | undefined,
  where: string,
): RefTensor {
  const shape = broadcastAll([a.shape, b.shape], where);
  const out = allocRef(dtype, shape);
  const o: RefData = out.data;
  const x: RefData = a.data;
  const y: RefData = b.data;
  const isFloat = o instanceof Float64Array;
  forEachBroadcastRow(shape, [a.shape, b.shape], (oo, [ao, bo], n, [as, bs]) => {
    let i = ao!;
    let j = bo!;
    const sa = as!;
    const sb = bs!;
    if (isFloat && fast === 'add') for (let k = 0; k < n; k++, i += sa, j += sb) o[oo + k] = x[i]! + y[j]!;
    else if (isFloat && fast === 'mul') for (let k = 0; k < n; k++, i += sa, j += sb) o[oo + k] = x[i]! * y[j]!;
    else if (isFloat && fast === 'sub') for (let k = 0; k < n; k++, i += sa, j += sb) o[oo + k] = x[i]! - y[j]!;
    else if (isFloat && fast === 'div') for (let k = 0; k < n; k++, i += sa, j += sb) o[oo + k] = x[i]! / y[j]!;
    else for (let k = 0; k < n; k++, i += sa, j += sb) o[oo + k] = fn(x[i]!, y[j]!);
  });
  return out;
}

function intDiv(x: number, y: number, where: string): number {
  if (y === 0) throw new LayerspecError(where, 'integer division by zero');
  return Math.trunc(x / y);
}

/** int32 arithmetic wraps like numpy; a float64 product of two int32s can be inexact, so Mul uses imul. */
function intFn(fast: 'add' | 'sub' | 'mul' | 'div', fn: Fn2, where: string): Fn2 {
  if (fast === 'div') return (x, y) => intDiv(x, y, where);
  if (fast === 'mul') return Math.imul;
  return fn;
}

function arithmetic(fast: 'add' | 'sub' | 'mul' | 'div', fn: Fn2): KernelFn<NoAttrs> {
  return (ins, _attrs, ctx) => {
    const a = input(ins, 0);
    const b = input(ins, 1);
    const f = a.dtype === 'int32' ? intFn(fast, fn, ctx.where) : fn;
    return [binary(a, b, a.dtype, f, fast, ctx.where)];
  };
}

function generic(fn: Fn2, result?: DType): KernelFn<NoAttrs> {
  return (ins, _attrs, ctx) => {
    const a = input(ins, 0);
    return [binary(a, input(ins, 1), result ?? a.dtype, fn, undefined, ctx.where)];
  };
}

// biome-ignore lint/complexity/useMathMinMax: Math.max(0, -0) is +0; these keep the pick of the comparison, as the other backends do
const nanMax: Fn2 = (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x > y ? x : y);
// biome-ignore lint/complexity/useMathMinMax: as nanMax
const nanMin: Fn2 = (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x < y ? x : y);

const binaryKernels = {
  Add: arithmetic('add', (x, y) => x + y),
  Sub: arithmetic('sub', (x, y) => x - y),
  Mul: arithmetic('mul', (x, y) => x * y),
  Div: arithmetic('div', (x, y) => x / y),
  Pow: generic((x, y) => x ** y),
  Max: generic(nanMax),
  Min: generic(nanMin),
  Equal: generic((x, y) => (x === y ? 1 : 0), 'bool'),
  Less: generic((x, y) => (x < y ? 1 : 0), 'bool'),
  LessOrEqual: generic((x, y) => (x <= y ? 1 : 0), 'bool'),
  Greater: generic((x, y) => (x > y ? 1 : 0), 'bool'),
  GreaterOrEqual: generic((x, y) => (x >= y ? 1 : 0), 'bool'),
  And: generic((x, y) => (x && y ? 1 : 0)),
  Or: generic((x, y) => (x || y ? 1 : 0)),
  Xor: generic((x, y) => (!x !== !y ? 1 : 0)),
} satisfies Record<string, KernelFn<NoAttrs>>;

export const where: Kernel<'Where'> = (ins, _attrs, ctx) => {
  const c = input(ins, 0);
  const x = input(ins, 1);
  const y = input(ins, 2);
  const shape = broadcastAll([c.shape, x.shape, y.shape], ctx.where);
  const out = allocRef(x.dtype, shape);
  const o = out.data;
  const cd = c.data;
  const xd = x.data;
  const yd = y.data;
  forEachBroadcastRow(shape, [c.shape, x.shape, y.shape], (oo, [co, xo, yo], n, [cs, xs, ys]) => {
    let i = co!;
    let j = xo!;
    let k = yo!;
    for (let e = 0; e < n; e++, i += cs!, j += xs!, k += ys!) o[oo + e] = cd[i] ? xd[j]! : yd[k]!;
  });
  return [out];
};

/** The elementwise ops: the binary ones and Where. */
export const elementwiseKernels = { ...binaryKernels, Where: where };
