/**
 * Gather is differentiable on both TensorFlow.js runtimes, along any axis and for a table of one row:
 * on wasm its gradient is a one-hot product (layout.ts), since tfjs's own needs a kernel wasm lacks.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type Backend } from '@layerspec/spec';
import { cpuBackend, runGraph, tf, useRuntime, wasmBackend } from '../index.js';
import type { Tensor } from '../tf.js';

/** d sum(w * gather(x, ids, axis)) / dx for x of `shape`, computed by hand: each gathered entry adds its w. */
function expectedGrad(shape: number[], ids: number[], axis: number, w: number[]): number[] {
  const grad = new Array<number>(shape.reduce((a, d) => a * d, 1)).fill(0);
  const outer = shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  let k = 0;
  for (let o = 0; o < outer; o++) {
    for (const id of ids) {
      const row = id < 0 ? id + shape[axis]! : id;
      for (let i = 0; i < inner; i++) grad[(o * shape[axis]! + row) * inner + i]! += w[k++]!;
    }
  }
  return grad;
}

describe.each([cpuBackend, wasmBackend])('$name', (be: Backend) => {
  it.each([
    { shape: [4, 3], ids: [2, 0, 2, -1], axis: 0 },
    { shape: [2, 5, 3], ids: [4, 1, 1], axis: 1 },
    { shape: [2, 3, 4], ids: [3, 0], axis: 2 },
    { shape: [1, 2], ids: [0, 0, -1], axis: 0 },
  ])('Gather along axis $axis of $shape has the gradient of a scatter-add', async ({ shape, ids, axis }) => {
    await useRuntime(be === wasmBackend ? 'wasm' : 'cpu');
    const g = new GraphBuilder('t_gather');
    const x = g.input('x', { dtype: 'float32', shape });
    g.output('y', g.op1('Gather', [x, g.input('ids', { dtype: 'int32', shape: [ids.length] })], { axis }));
    const graph = g.build();
    const outSize = (shape.reduce((a, d) => a * d, 1) / shape[axis]!) * ids.length;
    const w = Array.from({ length: outSize }, (_, i) => (i % 5) - 1.5);
    const grad = tf.tidy(() => {
      const f = (t: Tensor) => {
        const y = runGraph(
          graph,
          new Map([
            ['x', t],
            ['ids', tf.tensor1d(ids, 'int32')],
          ]),
          false,
        )[0]!;
        return tf.sum(tf.mul(y, tf.reshape(tf.tensor1d(w), y.shape)));
      };
      return Array.from(tf.grad(f)(tf.zeros(shape)).dataSync());
    });
    expect(grad).toEqual(expectedGrad(shape, ids, axis, w));
  });
});

describe.each([cpuBackend, wasmBackend])('$name', (be: Backend) => {
  it('a Slice with a step (a gather of every other column) has the gradient of a scatter-add', async () => {
    await useRuntime(be === wasmBackend ? 'wasm' : 'cpu');
    const g = new GraphBuilder('t_slice');
    const x = g.input('x', { dtype: 'float32', shape: [2, 4] });
    g.output('y', g.op1('Slice', [x], { starts: [1], ends: [4], axes: [1], steps: [2] }));
    const graph = g.build();
    const grad = tf.tidy(() => {
      const f = (t: Tensor) =>
        tf.sum(
          tf.mul(
            runGraph(graph, new Map([['x', t]]), false)[0]!,
            tf.tensor2d([
              [1, 2],
              [3, 4],
            ]),
          ),
        );
      return Array.from(
        tf
          .grad(f)(tf.zeros([2, 4]))
          .dataSync(),
      );
    });
    expect(grad).toEqual([0, 1, 0, 2, 0, 3, 0, 4]);
  });
});
