import * as tf from '@tensorflow/tfjs';

export { tf };
export type Tensor = tf.Tensor;
