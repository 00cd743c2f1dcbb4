import type { HostTensor, OpName } from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';
import { input, type TfKernel } from './types.js';

export function toTensor(t: HostTensor): Tensor {
  return tf.tensor(t.data, t.shape, t.dtype);
}

/** The ops whose values do not follow from their inputs' values alone: a constant, dropout in training. */
export const sourceKernels = {
  Constant: (_ins, attrs) => [toTensor(attrs.value)],
  /** Inverted dropout in training mode; otherwise the identity. */
  Dropout: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    if (!ctx.training || attrs.ratio === 0) return [tf.clone(x)];
    return [tf.dropout(x, attrs.ratio)];
  },
} satisfies { [K in OpName]?: TfKernel<K> };
