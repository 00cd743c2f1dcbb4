import { ANY, BOOL, FLOAT, NUMERIC, defineOp, required, type OpSpec } from './define.js';
import type { DType } from '../types.js';

type NoAttrs = Record<never, never>;

/** `keepsValue`: the output equals the input, so a known input value (ValueInfo.value) stays known. */
function unary(doc: string, dtypes: readonly DType[], keepsValue = false): OpSpec<NoAttrs> {
  return defineOp<NoAttrs>({
    doc,
    inputs: [{ name: 'X', dtypes }],
    outputs: ['Y'],
    attrs: {},
    infer(ins, _attrs, where) {
      const x = required(ins, 0, where);
      return [{ dtype: x.dtype, shape: [...x.shape], ...(keepsValue && x.value ? { value: [...x.value] } : {}) }];
    },
  });
}

export const Identity = unary('Y = X.', ANY, true);
export const Neg = unary('Y = -X.', NUMERIC);
export const Abs = unary('Y = |X|.', NUMERIC);
export const Not = unary('Y = !X.', BOOL);
export const Tanh = unary('Y = tanh(X).', FLOAT);
export const Sigmoid = unary('Y = 1 / (1 + exp(-X)), computed without overflow for large |X|.', FLOAT);
export const Relu = unary('Y = max(X, 0).', NUMERIC);
export const Exp = unary('Y = exp(X).', FLOAT);
export const Log = unary('Y = ln(X).', FLOAT);
export const Sqrt = unary('Y = sqrt(X).', FLOAT);
export const Reciprocal = unary('Y = 1 / X.', FLOAT);
export const Erf = unary('Y = erf(X), the Gauss error function.', FLOAT);
export const Sin = unary('Y = sin(X), X in radians.', FLOAT);
export const Cos = unary('Y = cos(X), X in radians.', FLOAT);

export interface CastAttrs {
  to: DType;
}

export const Cast = defineOp<CastAttrs>({
  doc: 'Converts X to dtype `to`. Float to int truncates toward zero; anything to bool is X != 0.',
  inputs: [{ name: 'X', dtypes: ANY }],
  outputs: ['Y'],
  attrs: { to: { kind: 'dtype', doc: 'the target dtype' } },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    return [{ dtype: attrs.to, shape: [...x.shape] }];
  },
});
