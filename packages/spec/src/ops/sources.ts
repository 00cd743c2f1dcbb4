import type { HostTensor } from '../types.js';
import { FLOAT, defineOp, fail, required } from './define.js';

export interface ConstantAttrs {
  value: HostTensor;
}

export const Constant = defineOp<ConstantAttrs>({
  doc: 'A tensor fixed in the graph.',
  inputs: [],
  outputs: ['output'],
  attrs: { value: { kind: 'tensor', doc: 'the tensor' } },
  infer(_ins, attrs) {
    const v = attrs.value;
    const known = v.dtype === 'int32' && v.shape.length <= 1 ? { value: Array.from(v.data) } : {};
    return [{ dtype: v.dtype, shape: [...v.shape], ...known }];
  },
});

export interface DropoutAttrs {
  ratio: number;
  seed: number;
}

export const Dropout = defineOp<DropoutAttrs>({
  doc:
    'In training (a compile option), zeroes each element with probability `ratio` and scales the rest by ' +
    '1 / (1 - ratio); otherwise the identity.',
  inputs: [{ name: 'data', dtypes: FLOAT }],
  outputs: ['output'],
  attrs: {
    ratio: { kind: 'float', default: 0.5, doc: 'probability of dropping an element, in [0, 1)' },
    seed: { kind: 'int', default: 0, doc: 'seed of the drop pattern' },
  },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    if (!(attrs.ratio >= 0 && attrs.ratio < 1)) fail(where, `ratio must be in [0, 1), got ${attrs.ratio}`);
    return [{ dtype: x.dtype, shape: [...x.shape] }];
  },
});
