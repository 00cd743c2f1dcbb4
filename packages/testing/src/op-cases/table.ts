/**
 * The op-case table: every op of OPS with its cases. The mapped type makes a new op in OPS fail to compile
 * here until it gets an entry; op-cases.test.ts checks that no entry is empty.
 */
import type { OpName } from '@layerspec/spec';
import { ELEMENTWISE_CASES } from './elementwise.js';
import { INDEXING_CASES } from './indexing.js';
import { LAYOUT_CASES } from './layout.js';
import { MATMUL_CASES } from './matmul.js';
import { REDUCE_CASES } from './reduce.js';
import { samplerCases } from './sampler.js';
import { SCAN_CASES } from './scan.js';
import { SOURCE_CASES } from './sources.js';
import type { OpCase } from './types.js';
import { UNARY_CASES } from './unary.js';
import { WIDE_INT32_CASES } from './wide-int32.js';

const ALL: readonly OpCase[] = [
  ...ELEMENTWISE_CASES,
  ...UNARY_CASES,
  ...REDUCE_CASES,
  ...MATMUL_CASES,
  ...LAYOUT_CASES,
  ...INDEXING_CASES,
  ...SOURCE_CASES,
  ...SCAN_CASES,
  ...WIDE_INT32_CASES,
  ...samplerCases(),
];

const of = (op: OpName): readonly OpCase[] => ALL.filter((c) => c.op === op);

export const OP_CASES: { readonly [K in OpName]: readonly OpCase[] } = {
  Add: of('Add'),
  Sub: of('Sub'),
  Mul: of('Mul'),
  Div: of('Div'),
  Pow: of('Pow'),
  Max: of('Max'),
  Min: of('Min'),
  Equal: of('Equal'),
  Less: of('Less'),
  LessOrEqual: of('LessOrEqual'),
  Greater: of('Greater'),
  GreaterOrEqual: of('GreaterOrEqual'),
  And: of('And'),
  Or: of('Or'),
  Xor: of('Xor'),
  Where: of('Where'),
  Identity: of('Identity'),
  Neg: of('Neg'),
  Abs: of('Abs'),
  Not: of('Not'),
  Tanh: of('Tanh'),
  Sigmoid: of('Sigmoid'),
  Relu: of('Relu'),
  Exp: of('Exp'),
  Log: of('Log'),
  Sqrt: of('Sqrt'),
  Reciprocal: of('Reciprocal'),
  Erf: of('Erf'),
  Sin: of('Sin'),
  Cos: of('Cos'),
  Cast: of('Cast'),
  MatMul: of('MatMul'),
  Softmax: of('Softmax'),
  ReduceSum: of('ReduceSum'),
  ReduceMean: of('ReduceMean'),
  ReduceMax: of('ReduceMax'),
  Transpose: of('Transpose'),
  Reshape: of('Reshape'),
  Unsqueeze: of('Unsqueeze'),
  Squeeze: of('Squeeze'),
  Expand: of('Expand'),
  Concat: of('Concat'),
  Slice: of('Slice'),
  Gather: of('Gather'),
  Shape: of('Shape'),
  Trilu: of('Trilu'),
  Constant: of('Constant'),
  Dropout: of('Dropout'),
  Scan: of('Scan'),
};

/** Every case of the table, in table order. */
export const ALL_OP_CASES: readonly OpCase[] = Object.values(OP_CASES).flat();
