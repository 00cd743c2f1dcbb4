import { broadcastShapes, dimsCompatible } from '../shape.js';
import { formatShape } from '../tensor.js';
import type { Dim } from '../types.js';
import { NUMERIC, defineOp, fail, required, sameDtype } from './define.js';

type NoAttrs = Record<never, never>;

export const MatMul = defineOp<NoAttrs>({
  doc:
    'Matrix product with numpy semantics: the last two dims multiply, leading dims broadcast; ' +
    'a 1-D operand is promoted to a matrix and its added dim removed from the result.',
  inputs: [
    { name: 'A', dtypes: NUMERIC },
    { name: 'B', dtypes: NUMERIC },
  ],
  outputs: ['Y'],
  attrs: {},
  infer(ins, _attrs, where) {
    const a = required(ins, 0, where);
    const b = required(ins, 1, where);
    sameDtype(a, b, where);
    if (a.shape.length === 0 || b.shape.length === 0) {
      fail(where, `operands must have rank >= 1, got A ${formatShape(a.shape)} and B ${formatShape(b.shape)}`);
    }
    const aShape: Dim[] = a.shape.length === 1 ? [1, a.shape[0]!] : [...a.shape];
    const bShape: Dim[] = b.shape.length === 1 ? [b.shape[0]!, 1] : [...b.shape];
    const k1 = aShape[aShape.length - 1]!;
    const k2 = bShape[bShape.length - 2]!;
    if (!dimsCompatible(k1, k2)) {
      fail(where, `inner dims differ: A ${formatShape(a.shape)} and B ${formatShape(b.shape)} (${k1} vs ${k2})`);
    }
    const batch = broadcastShapes(aShape.slice(0, -2), bShape.slice(0, -2), where);
    const shape: Dim[] = [...batch];
    if (a.shape.length > 1) shape.push(aShape[aShape.length - 2]!);
    if (b.shape.length > 1) shape.push(bShape[bShape.length - 1]!);
    return [{ dtype: a.dtype, shape }];
  },
});
