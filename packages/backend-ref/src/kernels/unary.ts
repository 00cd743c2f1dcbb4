import type { DType } from '@layerspec/spec';
import { allocRef, type RefTensor } from '../ref-tensor.js';
import { erf } from './erf.js';
import { input, type Kernel, type KernelFn, type NoAttrs } from './types.js';

function map(t: RefTensor, fn: (x: number) => number, dtype: DType = t.dtype): RefTensor {
  const out = allocRef(dtype, t.shape);
  const o = out.data;
  const x = t.data;
  for (let i = 0; i < x.length; i++) o[i] = fn(x[i]!);
  return out;
}

function unary(fn: (x: number) => number): KernelFn<NoAttrs> {
  return (ins) => [map(input(ins, 0), fn)];
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const mathKernels = {
  Identity: (ins) => [input(ins, 0)],
  Neg: unary((x) => -x),
  Abs: unary(Math.abs),
  Not: unary((x) => (x ? 0 : 1)),
  Tanh: unary(Math.tanh),
  Sigmoid: unary(sigmoid),
  Relu: unary((x) => (x > 0 ? x : Number.isNaN(x) ? x : 0)),
  Exp: unary(Math.exp),
  Log: unary(Math.log),
  Sqrt: unary(Math.sqrt),
  Reciprocal: unary((x) => 1 / x),
  Erf: unary(erf),
  Sin: unary(Math.sin),
  Cos: unary(Math.cos),
} satisfies Record<string, KernelFn<NoAttrs>>;

export const cast: Kernel<'Cast'> = (ins, attrs) => {
  const x = input(ins, 0);
  if (attrs.to === 'bool') return [map(x, (v) => (v !== 0 ? 1 : 0), 'bool')];
  if (attrs.to === 'int32') return [map(x, (v) => (Number.isFinite(v) ? Math.trunc(v) : 0), 'int32')];
  return [map(x, (v) => v, 'float32')];
};

/** The unary ops: the elementwise functions and Cast. */
export const unaryKernels = { ...mathKernels, Cast: cast };
