/**
 * A planted wrong gradient: Tanh's backward pass as dy * (1 - y) instead of dy * (1 - y^2) (a dropped
 * square), on the tfjs-cpu runtime. The forward values are untouched, so only the gradient cells can
 * catch it.
 */
import { TF_KERNELS, tf, type TfKernel } from '@layerspec/backend-tfjs';
import { getBackend, type Backend } from '@layerspec/spec';
import { tfjsGradient, type GradientEngine } from '../gradients/tfjs-gradient.js';

const wrongTanh: TfKernel<'Tanh'> = (inputs) => {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0];
    if (!(x instanceof tf.Tensor)) throw new Error('wrongTanh: expected a tensor');
    const y = tf.tanh(x);
    return { value: y, gradFunc: (dy: tf.Tensor) => tf.mul(dy, tf.sub(tf.scalar(1), y)) };
  });
  return [f(inputs[0]!)];
};

const cpu = tfjsGradient('cpu');

/** tfjs-cpu's gradient with the wrong Tanh backward pass swapped in for the call. */
export const tanhGradientFault: GradientEngine = async (...args) => {
  const original = TF_KERNELS.Tanh;
  TF_KERNELS.Tanh = wrongTanh;
  try {
    return await cpu(...args);
  } finally {
    TF_KERNELS.Tanh = original;
  }
};

/** Its forward backend: tfjs-cpu unchanged, under the fault's name. */
export const TANH_GRADIENT_FAULT = 'fault:tanh-gradient@tfjs-cpu';
export const tanhGradientFaultBackend: Backend = {
  name: TANH_GRADIENT_FAULT,
  compile: (graph, options) => getBackend('tfjs-cpu').compile(graph, options),
};
