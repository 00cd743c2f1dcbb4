import { normalizeAxis } from '../shape.js';
import { FLOAT, defineOp, required } from './define.js';

export interface SoftmaxAttrs {
  axis: number;
}

export const Softmax = defineOp<SoftmaxAttrs>({
  doc: 'exp(x - max) / sum(exp(x - max)) along `axis` (numerically stable; rows of -inf give NaN, as in ONNX).',
  inputs: [{ name: 'input', dtypes: FLOAT }],
  outputs: ['output'],
  attrs: { axis: { kind: 'int', default: -1, doc: 'the axis normalized over' } },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    normalizeAxis(attrs.axis, x.shape.length, where);
    return [{ dtype: x.dtype, shape: [...x.shape] }];
  },
});
