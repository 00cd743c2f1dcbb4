import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '@layerspec/spec';
import { runGraph } from '../executor.js';
import { useRuntime, type TfRuntime } from '../runtime.js';
import { tf, type Tensor } from '../tf.js';

/** y = sum(x * x) as a graph. */
function sumOfSquares() {
  const b = new GraphBuilder('squares');
  const x = b.input('x', { dtype: 'float32', shape: [2, 3] });
  b.output('y', b.op1('ReduceSum', [b.op1('Mul', [x, x])], { axes: [0, 1], keepdims: false }));
  return b.build();
}

describe.each(['cpu', 'wasm'] as TfRuntime[])('Mul of a value by itself on %s', (runtime) => {
  it('runs as a Square kernel, with the value x^2 and the gradient 2x', async () => {
    await useRuntime(runtime);
    const graph = sumOfSquares();
    const x = tf.variable(
      tf.tensor([
        [1, -2, 3],
        [0.5, 0, -4],
      ]),
      true,
    );
    const run = () => runGraph(graph, new Map<string, Tensor>([['x', x]]), true)[0] as tf.Scalar;
    const profile = await tf.profile(() => tf.tidy(run));
    expect(profile.kernelNames).toContain('Square');
    expect(profile.kernelNames).not.toContain('Multiply');
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(run, [x]);
    expect(value.dataSync()[0]).toBeCloseTo(1 + 4 + 9 + 0.25 + 0 + 16, 5);
    expect(Array.from(grads[x.name]!.dataSync())).toEqual([2, -4, 6, 1, 0, -8]);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
