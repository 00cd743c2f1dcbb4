import { tf, type Tensor } from '../tf.js';

/** Swaps the last two axes (a copy). */
export const transposeLast = (x: Tensor): Tensor => {
  const perm = [...x.shape.keys()];
  perm[x.rank - 2] = x.rank - 1;
  perm[x.rank - 1] = x.rank - 2;
  return tf.transpose(x, perm);
};

/**
 * C = A @ B for float operands of equal rank and equal batch dims, never asking tfjs for a product with
 * a transpose flag, in the forward pass or in the gradients (tfjs's own gradient of matMul computes
 * dA = dC @ B^T and dB = A^T @ dC with flags). The wasm backend runs a flagged product several times
 * slower than the same product on an explicitly transposed copy, and a copy of one operand is cheap
 * beside the product. Values are the same; only the schedule differs.
 */
export function product(a: Tensor, b: Tensor): Tensor {
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
  return f(a, b) as Tensor;
}
