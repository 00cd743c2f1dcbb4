/**
 * Max and Min stay differentiable on both TensorFlow.js runtimes: the selects that propagate NaN (see
 * elementwise.ts) add no op without a gradient. Their values are covered on every backend by the op-case
 * table of the private @layerspec/testing package.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type Backend } from '@layerspec/spec';
import { cpuBackend, runGraph, tf, useRuntime, wasmBackend } from '../index.js';
import type { Tensor } from '../tf.js';

describe.each([cpuBackend, wasmBackend])('$name', (be: Backend) => {
  it('Max and Min have the gradients of a select', async () => {
    await useRuntime(be === wasmBackend ? 'wasm' : 'cpu');
    // No ties, so tfjs's tie convention does not matter: d max / d a = [a > b], d max / d b = [b > a].
    const a = [1, 5, -2];
    const b = [3, 4, 2];
    for (const [op, wantA, wantB] of [
      ['Max', [0, 1, 0], [1, 0, 1]],
      ['Min', [1, 0, 1], [0, 1, 0]],
    ] as const) {
      const g = new GraphBuilder(`t_${op}`);
      g.output('y', g.op1(op, [g.input('x0', { dtype: 'float32', shape: [3] }), g.input('x1', { dtype: 'float32', shape: [3] })]));
      const graph = g.build();
      const [ga, gb] = tf.tidy(() => {
        const grads = tf.grads((x: Tensor, y: Tensor) =>
          tf.sum(
            runGraph(
              graph,
              new Map([
                ['x0', x],
                ['x1', y],
              ]),
              false,
            )[0]!,
          ),
        );
        return grads([tf.tensor1d(a), tf.tensor1d(b)]).map((t) => Array.from(t.dataSync()));
      });
      expect([ga, gb], op).toEqual([wantA, wantB]);
    }
  });
});
