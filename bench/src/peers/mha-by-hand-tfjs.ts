import type { Tensor } from '@tensorflow/tfjs';
import { tf } from '@layerspec/backend-tfjs';

export interface MhaSizes {
  batch: number;
  seq: number;
  model: number;
  heads: number;
}

/**
 * Self-attention written directly in TensorFlow.js, the way a user would without this library:
 * projections as 2-D products, q k^T through matMul's transpose flag, softmax, output projection.
 * Reads the same weights (LAYERS.md names and layouts) as the library's MultiHeadAttention.
 */
export function mhaByHandTfjs(sizes: MhaSizes, x: Tensor, w: Readonly<Record<string, Tensor>>): Tensor {
  const { batch: b, seq: t, model: d, heads: h } = sizes;
  const k = d / h;
  const x2 = tf.reshape(x, [b * t, d]);
  const heads = (name: string): Tensor => {
    const kernel = tf.reshape(w[`${name}/kernel`]!, [d, h * k]);
    const y = tf.add(tf.matMul(x2 as Tensor, kernel), tf.reshape(w[`${name}/bias`]!, [h * k]));
    return tf.transpose(tf.reshape(y, [b, t, h, k]), [0, 2, 1, 3]);
  };
  const q = heads('query');
  const key = heads('key');
  const v = heads('value');
  const scores = tf.mul(tf.matMul(q, key, false, true), 1 / Math.sqrt(k));
  const merged = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [b * t, h * k]);
  const out = tf.add(tf.matMul(merged, tf.reshape(w['attention_output/kernel']!, [h * k, d])), w['attention_output/bias']!);
  return tf.reshape(out, [b, t, d]);
}
