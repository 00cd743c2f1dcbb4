import { normalizeAxes, normalizeAxis, type ReduceAttrs } from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';
import { input, type TfKernel, type TfKernelFn } from './types.js';

function reduce(fn: (x: Tensor, axes: number[], keepDims: boolean) => Tensor): TfKernelFn<ReduceAttrs> {
  return (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const axes = attrs.axes.length === 0 ? [...x.shape.keys()] : normalizeAxes(attrs.axes, x.rank, ctx.where);
    return [fn(x, axes, attrs.keepdims)];
  };
}

const sumKernels = {
  ReduceSum: reduce((x, axes, keep) => tf.sum(x, axes, keep)),
  ReduceMean: reduce((x, axes, keep) => tf.mean(x, axes, keep)),
  ReduceMax: reduce((x, axes, keep) => tf.max(x, axes, keep)),
} satisfies Record<string, TfKernelFn<ReduceAttrs>>;

/** tfjs's softmax runs over the last axis only; another axis is moved last and back. */
const softmax: TfKernel<'Softmax'> = (ins, attrs, ctx) => {
  const x = input(ins, 0);
  const axis = normalizeAxis(attrs.axis, x.rank, ctx.where);
  if (axis === x.rank - 1) return [tf.softmax(x, -1)];
  const perm = [...x.shape.keys()];
  perm[axis] = x.rank - 1;
  perm[x.rank - 1] = axis;
  return [tf.transpose(tf.softmax(tf.transpose(x, perm), -1), perm)];
};

/** The reductions, Softmax among them. */
export const reduceKernels = { ...sumKernels, Softmax: softmax };
