import type * as tfNamespace from '@tensorflow/tfjs';
import type { HostTensor } from '@layerspec/spec';

type Tf = typeof tfNamespace;

export interface MhaSizes {
  batch: number;
  seq: number;
  model: number;
  heads: number;
}

/**
 * Self-attention written directly in TensorFlow.js, the way a user would without this library:
 * fused-by-hand projections, q k^T through matMul's transpose flag, softmax, output projection.
 * Takes the same weights (LAYERS.md names and layouts) as the library's MultiHeadAttention.
 */
export function mhaByHandTfjs(tf: Tf, sizes: MhaSizes, weights: Record<string, HostTensor>): (x: tfNamespace.Tensor) => tfNamespace.Tensor {
  const { batch: b, seq: t, model: d, heads: h } = sizes;
  const k = d / h;
  const w = (name: string, shape: number[]) => tf.tensor(weights[name]!.data as Float32Array, shape);
  const [wq, wk, wv] = ['query', 'key', 'value'].map((n) => w(`${n}/kernel`, [d, h * k]));
  const [bq, bk, bv] = ['query', 'key', 'value'].map((n) => w(`${n}/bias`, [h * k]));
  const wo = w('attention_output/kernel', [h * k, d]);
  const bo = w('attention_output/bias', [d]);
  const heads = (x2: tfNamespace.Tensor2D, kernel: tfNamespace.Tensor, bias: tfNamespace.Tensor) =>
    tf.transpose(tf.reshape(tf.add(tf.matMul(x2, kernel as tfNamespace.Tensor2D), bias), [b, t, h, k]), [0, 2, 1, 3]);
  return (x) =>
    tf.tidy(() => {
      const x2 = tf.reshape(x, [b * t, d]) as tfNamespace.Tensor2D;
      const q = heads(x2, wq!, bq!);
      const key = heads(x2, wk!, bk!);
      const v = heads(x2, wv!, bv!);
      const scores = tf.mul(tf.matMul(q, key, false, true), 1 / Math.sqrt(k));
      const merged = tf.reshape(tf.transpose(tf.matMul(tf.softmax(scores), v), [0, 2, 1, 3]), [b * t, h * k]) as tfNamespace.Tensor2D;
      return tf.reshape(tf.add(tf.matMul(merged, wo), bo), [b, t, d]);
    });
}
