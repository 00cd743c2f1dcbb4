/**
 * The TensorFlow.js API this package runs on and re-exports as `tf`: tfjs-core (ops, `tf.train`, `tf.io`,
 * `tf.variableGrads`) and tfjs-layers (`tf.layers`, `tf.loadLayersModel`), with the cpu backend, every
 * gradient and the chained tensor methods (`t.slice(...)`) registered (see #tfjs-registrations). Not the
 * `@tensorflow/tfjs` API: its converter and data modules go unused and would only weigh on a bundle.
 */
import '#tfjs-registrations';
import '@tensorflow/tfjs-backend-cpu';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
