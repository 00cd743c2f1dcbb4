import { LayerspecError, broadcastStatic, formatShape, sizeOf } from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';
import { multiply } from './elementwise.js';
import { product, transposeLast } from './product-grad.js';
import { input, type TfKernel } from './types.js';

const swapLast = (s: readonly number[]): number[] => [...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!];

/**
 * An int32 product as a broadcast multiply over (..., m, k, n) and a sum over k: tfjs-wasm has no int32
 * BatchMatMul, and tfjs-cpu's accumulates in float64 before wrapping. This one is exact and wraps like
 * numpy on both runtimes (int32 products are index arithmetic: small).
 */
const productInt = (a: Tensor, b: Tensor): Tensor => tf.sum(multiply(tf.expandDims(a, -1), tf.expandDims(b, -3)), -2);

/**
 * Numpy matmul on tfjs. `transA`/`transB` fold a preceding last-two-axes Transpose into the product.
 * A right operand without batch dims runs as one 2-D product over the left operand's stacked rows;
 * other batch dims are broadcast explicitly, since tfjs's kernel only broadcasts a batch of 1. int32
 * operands take `productInt`.
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
  if (k === 0) {
    // An empty sum: tfjs-wasm's MatMul would leave its output uninitialized (XNNPACK rejects k = 0).
    out = tf.zeros([...batch, m, n], a.dtype);
  } else if (a.dtype === 'int32') {
    out = productInt(ta ? transposeLast(a) : a, tb ? transposeLast(b) : b);
  } else if (bBatch.length === 0 && !ta && a.rank > 2) {
    out = tf.reshape(product(tf.reshape(a, [sizeOf(aBatch) * m, k]), b, false, tb), [...aBatch, m, n]);
  } else if (a.rank === 2 && b.rank === 2) {
    out = product(a, b, ta, tb);
  } else {
    const flat = (x: Tensor, own: readonly number[]): Tensor => {
      const inner = x.shape.slice(-2);
      const full = own.length === batch.length && own.every((d, i) => d === batch[i]) ? x : tf.broadcastTo(x, [...batch, ...inner]);
      return tf.reshape(full, [sizeOf(batch), ...inner]);
    };
    out = tf.reshape(product(flat(a, aBatch), flat(b, bBatch), ta, tb), [...batch, m, n]);
  }
  if (vectorA || vectorB) {
    const shape = [...batch, ...(vectorA ? [] : [m]), ...(vectorB ? [] : [n])];
    out = tf.reshape(out, shape);
  }
  return out;
}

export const matmulKernel: TfKernel<'MatMul'> = (ins, _attrs, ctx) => [matmul(input(ins, 0), input(ins, 1), false, false, ctx.where)];
