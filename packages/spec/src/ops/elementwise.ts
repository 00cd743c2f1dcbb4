import { broadcastShapes } from '../shape.js';
import { ANY, BOOL, NUMERIC, FLOAT, defineOp, required, sameDtype, type InputSpec, type OpSpec } from './define.js';
import type { DType } from '../types.js';

type NoAttrs = Record<never, never>;

function binary(doc: string, dtypes: readonly DType[], result?: DType): OpSpec<NoAttrs> {
  const inputs: InputSpec[] = [
    { name: 'A', dtypes },
    { name: 'B', dtypes },
  ];
  return defineOp<NoAttrs>({
    doc: `${doc} Numpy broadcasting.`,
    inputs,
    outputs: ['C'],
    attrs: {},
    infer(ins, _attrs, where) {
      const a = required(ins, 0, where);
      const b = required(ins, 1, where);
      sameDtype(a, b, where);
      return [{ dtype: result ?? a.dtype, shape: broadcastShapes(a.shape, b.shape, where) }];
    },
  });
}

export const Add = binary('C = A + B.', NUMERIC);
export const Sub = binary('C = A - B.', NUMERIC);
export const Mul = binary('C = A * B.', NUMERIC);
export const Div = binary('C = A / B (integer division truncates toward zero for int32).', NUMERIC);
export const Pow = binary('C = A ** B.', FLOAT);
export const Max = binary('C = max(A, B); NaN if either is NaN.', NUMERIC);
export const Min = binary('C = min(A, B); NaN if either is NaN.', NUMERIC);
export const Equal = binary('C = A == B.', ANY, 'bool');
export const Less = binary('C = A < B.', NUMERIC, 'bool');
export const LessOrEqual = binary('C = A <= B.', NUMERIC, 'bool');
export const Greater = binary('C = A > B.', NUMERIC, 'bool');
export const GreaterOrEqual = binary('C = A >= B.', NUMERIC, 'bool');
export const And = binary('C = A && B.', BOOL);
export const Or = binary('C = A || B.', BOOL);
export const Xor = binary('C = A != B.', BOOL);

export const Where = defineOp<NoAttrs>({
  doc: 'output = condition ? X : Y, elementwise, with numpy broadcasting of all three.',
  inputs: [
    { name: 'condition', dtypes: BOOL },
    { name: 'X', dtypes: ANY },
    { name: 'Y', dtypes: ANY },
  ],
  outputs: ['output'],
  attrs: {},
  infer(ins, _attrs, where) {
    const c = required(ins, 0, where);
    const x = required(ins, 1, where);
    const y = required(ins, 2, where);
    sameDtype(x, y, where);
    return [{ dtype: x.dtype, shape: broadcastShapes(broadcastShapes(c.shape, x.shape, where), y.shape, where) }];
  },
});
