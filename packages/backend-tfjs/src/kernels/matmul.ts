import { LayerspecError, broadcastStatic, formatShape, sizeOf } from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';
import { input, type TfKernel } from './types.js';

const swapLast = (s: readonly number[]): number[] => [...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!];

/**
 * Numpy matmul on tfjs. `transA`/`transB` fold a preceding last-two-axes Transpose into the product.
 * A right operand without batch dims runs as one 2-D product over the left operand's stacked rows;
 * other batch dims are broadcast explicitly, since tfjs's kernel only broadcasts a batch of 1.
 */
export function matmul(a0: Tensor, b0: Tensor, transA: boolean, transB: boolean, where: string): Tensor {
  let a = a0;
  let b = b0;
  const vectorA = a.rank === 1;
  const vectorB = b.rank === 1;
  if (vectorA) a = tf.reshape(a, [1, a.shape[0]!]);
  if (vectorB) b = tf.reshape(b, [b.shape[0]!, 1]);
  const ta = transA && !vectorA;
  const tb = transB && !vectorB;
  const aShape = ta ? swapLast(a.shape) : a.shape;
  const bShape = tb ? swapLast(b.shape) : b.shape;
  const [m, k] = aShape.slice(-2) as [number, number];
  const n = bShape[bShape.length - 1]!;
  if (bShape[bShape.length - 2] !== k) {
    throw new LayerspecError(where, `inner dims differ: ${formatShape(a0.shape)} @ ${formatShape(b0.shape)}`);
  }
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const batch = broadcastStatic(aBatch, bBatch, where);
  let out: Tensor;
  if (bBatch.length === 0 && !ta && a.rank > 2) {
    out = tf.reshape(tf.matMul(tf.reshape(a, [sizeOf(aBatch) * m, k]), b, false, tb), [...aBatch, m, n]);
  } else if (a.rank === 2 && b.rank === 2) {
    out = tf.matMul(a, b, ta, tb);
  } else {
    const flat = (x: Tensor, own: readonly number[]): Tensor => {
      const inner = x.shape.slice(-2);
      const full = own.length === batch.length && own.every((d, i) => d === batch[i]) ? x : tf.broadcastTo(x, [...batch, ...inner]);
      return tf.reshape(full, [sizeOf(batch), ...inner]);
    };
    out = tf.reshape(tf.matMul(flat(a, aBatch), flat(b, bBatch), ta, tb), [...batch, m, n]);
  }
  if (vectorA || vectorB) {
    const shape = [...batch, ...(vectorA ? [] : [m]), ...(vectorB ? [] : [n])];
    out = tf.reshape(out, shape);
  }
  return out;
}

export const matmulKernel: TfKernel<'MatMul'> = (ins, _attrs, ctx) => [matmul(input(ins, 0), input(ins, 1), false, false, ctx.where)];
