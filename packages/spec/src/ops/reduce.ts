import { normalizeAxes } from '../shape.js';
import type { DType, Dim } from '../types.js';
import { FLOAT, NUMERIC, defineOp, required, type OpSpec } from './define.js';

export interface ReduceAttrs {
  axes: number[];
  keepdims: boolean;
}

function reduce(doc: string, dtypes: readonly DType[]): OpSpec<ReduceAttrs> {
  return defineOp<ReduceAttrs>({
    doc: `${doc} over \`axes\` (all axes when empty); reduced dims kept as 1 when \`keepdims\`.`,
    inputs: [{ name: 'data', dtypes }],
    outputs: ['reduced'],
    attrs: {
      axes: { kind: 'ints', default: [], doc: 'axes to reduce, negative counts from the end; [] = all' },
      keepdims: { kind: 'bool', default: true, doc: 'keep reduced dims as size 1' },
    },
    infer(ins, attrs, where) {
      const x = required(ins, 0, where);
      const rank = x.shape.length;
      const axes = attrs.axes.length === 0 ? [...Array(rank).keys()] : normalizeAxes(attrs.axes, rank, where);
      const shape: Dim[] = [];
      x.shape.forEach((d, i) => {
        if (!axes.includes(i)) shape.push(d);
        else if (attrs.keepdims) shape.push(1);
      });
      return [{ dtype: x.dtype, shape }];
    },
  });
}

export const ReduceSum = reduce('Sum', NUMERIC);
export const ReduceMean = reduce('Mean', FLOAT);
export const ReduceMax = reduce('Maximum', NUMERIC);
