import { tf, type Tensor } from '../tf.js';
import { recording } from './tape.js';

/** Swaps the last two axes (a copy). */
export const transposeLast = (x: Tensor): Tensor => {
  const perm = [...x.shape.keys()];
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
};

/**
 * True while a gradient tape records on the wasm backend. The cpu backend runs flagged products at
 * full speed and transposes slowly, so there tfjs's own gradient is faster (about 1.35 times,
 * MultiHeadAttention forward+backward).
 */
const recordingOnWasm = (): boolean => recording() && tf.getBackend() === 'wasm';

/**
 * C = op(A) @ op(B) (op = transpose of the last two axes when its flag is set) for float operands of
 * equal rank and equal batch dims. Outside a gradient tape, and on backends other than wasm, this is
 * tfjs's own matMul. Under a tape on wasm, no
 * product uses a transpose flag, forward or backward: tfjs's gradient of matMul computes dA = dC @ B^T
 * and dB = A^T @ dC with flags, which the wasm backend runs several times slower than the same product
 * on an explicitly transposed copy, and a copy of one operand is cheap beside the product. Values are
 * the same; only the schedule differs.
 */
export function product(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  if (!recordingOnWasm()) return tf.matMul(a, b, transA, transB);
  const f = tf.customGrad((...args: (Tensor | ((tensors: Tensor[]) => void))[]) => {
    // tfjs passes the inputs, then its save function, in one untyped list.
    const [x, y, save] = args as [Tensor, Tensor, (tensors: Tensor[]) => void];
    save([x, y]);
    return {
      value: tf.matMul(x, y),
      gradFunc: (dc: Tensor, saved: Tensor[]) => {
        const [xs, ys] = saved as [Tensor, Tensor];
        return [tf.matMul(dc, transposeLast(ys)), tf.matMul(transposeLast(xs), dc)];
      },
    };
  });
  return f(transA ? transposeLast(a) : a, transB ? transposeLast(b) : b) as Tensor;
}
