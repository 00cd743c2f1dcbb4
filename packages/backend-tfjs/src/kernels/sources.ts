import type { HostTensor } from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';
import { input, type TfKernel } from './types.js';

export function toTensor(t: HostTensor): Tensor {
  return tf.tensor(t.data, t.shape, t.dtype);
}

export const constant: TfKernel<'Constant'> = (_ins, attrs) => [toTensor(attrs.value)];

/** Inverted dropout in training mode; otherwise the identity. */
export const dropout: TfKernel<'Dropout'> = (ins, attrs, ctx) => {
  const x = input(ins, 0);
  if (!ctx.training || attrs.ratio === 0) return [tf.clone(x)];
  return [tf.dropout(x, attrs.ratio)];
};
