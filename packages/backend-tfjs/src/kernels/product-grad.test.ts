import { describe, expect, it } from 'vitest';
import { useRuntime, type TfRuntime } from '../runtime.js';
import { tf, type Tensor } from '../tf.js';
import { matmul } from './matmul.js';

const close = (a: Float32Array | Int32Array | Uint8Array, b: Float32Array | Int32Array | Uint8Array): number => {
  let m = 0;
  a.forEach((v, i) => (m = Math.max(m, Math.abs(v - b[i]!) / Math.max(1, Math.abs(b[i]!)))));
  return m;
};

/** Gradients of sum(matmul(a, b) * w) through the lowering and through tfjs's own matMul gradient. */
async function compare(aShape: number[], bShape: number[], transA: boolean, transB: boolean): Promise<number> {
  const a = tf.randomNormal(aShape, 0, 1, 'float32', 1);
  const b = tf.randomNormal(bShape, 0, 1, 'float32', 2);
  const loss = (f: (x: Tensor, y: Tensor) => Tensor) => (x: Tensor, y: Tensor) => {
    const out = f(x, y);
    return tf.sum(tf.mul(out, tf.randomNormal(out.shape, 0, 1, 'float32', 3)));
  };
  const ours = tf.grads(loss((x, y) => matmul(x, y, transA, transB, 'test')))([a, b]);
  // tfjs's own gradient fails for a rank-3 @ rank-2 product (it does not sum the broadcast batch out of
  // dB), so the reference for that case is the same product on the left operand's stacked rows.
  const reference = (x: Tensor, y: Tensor): Tensor =>
    x.rank === 3 && y.rank === 2
      ? tf.reshape(tf.matMul(tf.reshape(x, [-1, x.shape[2]!]), y, false, transB), [x.shape[0]!, x.shape[1]!, -1])
      : tf.matMul(x, y, transA, transB);
  const theirs = tf.grads(loss(reference))([a, b]);
  let worst = 0;
  for (let i = 0; i < 2; i++) worst = Math.max(worst, close(await ours[i]!.data(), await theirs[i]!.data()));
  tf.dispose([a, b, ...ours, ...theirs]);
  return worst;
}

describe.each(['cpu', 'wasm'] as TfRuntime[])('matmul gradients on %s equal tfjs matMul gradients', (runtime) => {
  it.each([
    [[6, 5], [5, 4], false, false],
    [[6, 5], [4, 5], false, true],
    [[5, 6], [5, 4], true, false],
    [[5, 6], [4, 5], true, true],
    [[3, 6, 5], [5, 4], false, false],
    [[3, 6, 5], [4, 5], false, true],
    [[2, 3, 6, 5], [2, 3, 5, 4], false, false],
    [[2, 3, 6, 5], [2, 3, 4, 5], false, true],
    [[2, 3, 5, 6], [2, 3, 5, 4], true, false],
  ] as const)('%j @ %j (transA %s, transB %s)', async (aShape, bShape, ta, tb) => {
    await useRuntime(runtime);
    expect(await compare([...aShape], [...bShape], ta, tb)).toBeLessThan(1e-5);
  });
});
