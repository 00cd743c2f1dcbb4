import { tf } from '../tf.js';

/** True while a gradient tape records (inside tf.grads, tf.variableGrads, model.fit). */
export const recording = (): boolean => tf.engine().state.gradientDepth > 0;
