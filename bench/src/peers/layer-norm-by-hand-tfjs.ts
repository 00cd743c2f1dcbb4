import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '@layerspec/backend-tfjs';

/**
 * Layer normalization over the last axis written directly in TensorFlow.js, as the library's
 * LayerNormalization (default axis -1) computes it: (x - mean) / sqrt(var + epsilon) * gamma + beta with
 * the population variance. `gamma` and `beta` have the size of the last axis.
 */
export function layerNormByHandTfjs(x: Tensor, gamma: Tensor, beta: Tensor, epsilon: number): Tensor {
  // Not tf.moments: it subtracts the mean a second time, and is slower on both the cpu and wasm backends.
  const mean = tf.mean(x, -1, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), -1, true);
  return tf.add(tf.mul(tf.div(centered, tf.sqrt(tf.add(variance, epsilon))), gamma), beta);
}
