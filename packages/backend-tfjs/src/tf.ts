import * as tf from './tf-api.js';

/**
 * In Node, tfjs's cpu backend prints a banner on its first tensor write recommending tfjs-node, a
 * native backend this project does not use. tfjs routes that banner through its own warning log,
 * which its documented PROD flag (`tf.enableProdMode()`) silences; the flag is set only while the cpu
 * backend makes that first write here, so every later tfjs warning still shows.
 */
function consumeCpuBanner(): void {
  const cpu = tf.findBackend('cpu');
  if (!cpu) return;
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  try {
    cpu.disposeData(cpu.write(new Float32Array(1), [1], 'float32'));
  } finally {
    tf.env().set('PROD', prod);
  }
}
consumeCpuBanner();

export { tf };
export type Tensor = tf.Tensor;
