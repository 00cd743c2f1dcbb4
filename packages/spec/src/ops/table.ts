import * as elementwise from './elementwise.js';
import * as indexing from './indexing.js';
import * as layout from './layout.js';
import { MatMul } from './matmul.js';
import * as reduce from './reduce.js';
import { Scan } from './scan.js';
import { Softmax } from './softmax.js';
import { Constant, Dropout } from './sources.js';
import * as unary from './unary.js';
import type { OpSpec } from './define.js';

/** The closed op set. Names are spelled as ONNX spells them. */
export const OPS = {
  Add: elementwise.Add,
  Sub: elementwise.Sub,
  Mul: elementwise.Mul,
  Div: elementwise.Div,
  Pow: elementwise.Pow,
  Max: elementwise.Max,
  Min: elementwise.Min,
  Equal: elementwise.Equal,
  Less: elementwise.Less,
  LessOrEqual: elementwise.LessOrEqual,
  Greater: elementwise.Greater,
  GreaterOrEqual: elementwise.GreaterOrEqual,
  And: elementwise.And,
  Or: elementwise.Or,
  Xor: elementwise.Xor,
  Where: elementwise.Where,
  Identity: unary.Identity,
  Neg: unary.Neg,
  Abs: unary.Abs,
  Not: unary.Not,
  Tanh: unary.Tanh,
  Sigmoid: unary.Sigmoid,
  Relu: unary.Relu,
  Exp: unary.Exp,
  Log: unary.Log,
  Sqrt: unary.Sqrt,
  Reciprocal: unary.Reciprocal,
  Erf: unary.Erf,
  Sin: unary.Sin,
  Cos: unary.Cos,
  Cast: unary.Cast,
  MatMul,
  Softmax,
  ReduceSum: reduce.ReduceSum,
  ReduceMean: reduce.ReduceMean,
  ReduceMax: reduce.ReduceMax,
  Transpose: layout.Transpose,
  Reshape: layout.Reshape,
  Unsqueeze: layout.Unsqueeze,
  Squeeze: layout.Squeeze,
  Expand: layout.Expand,
  Concat: layout.Concat,
  Slice: indexing.Slice,
  Gather: indexing.Gather,
  Shape: indexing.Shape,
  Trilu: layout.Trilu,
  Constant,
  Dropout,
  Scan,
} as const;

export type OpName = keyof typeof OPS;

/** The fully defaulted attributes of op K. */
export type AttrsOf<K extends OpName> = (typeof OPS)[K] extends OpSpec<infer A> ? A : never;

export const OP_NAMES = Object.keys(OPS) as OpName[];

export function isOpName(name: string): name is OpName {
  return Object.hasOwn(OPS, name);
}

export function opSpec<K extends OpName>(op: K): OpSpec<AttrsOf<K>> {
  return OPS[op] as OpSpec<AttrsOf<K>>;
}
