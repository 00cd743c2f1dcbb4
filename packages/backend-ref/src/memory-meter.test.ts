import { describe, expect, it } from 'vitest';
import { GraphBuilder, LSTMCell, RNN, initWeights, type HostTensor } from '@layerspec/spec';
import { backend } from './index.js';

const floats = (shape: number[]): HostTensor => ({
  dtype: 'float32',
  shape,
  data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(0.5),
});

describe('peak tensor memory of a run', () => {
  it('counts inputs, weights and the largest set of live intermediates, as float64', async () => {
    // x (1000) -> a = x + 1 -> b = a * 2 -> c = b + a. x is released after its last use, so at
    // most three of the four are live at once; scalar constants live in the plan, not in the run.
    const g = new GraphBuilder('chain');
    const x = g.input('x', { dtype: 'float32', shape: [1000] });
    const a = g.op1('Add', [x, g.scalar(1)]);
    const b = g.op1('Mul', [a, g.scalar(2)]);
    g.output('y', g.op1('Add', [b, a]));
    const compiled = await backend.compile(g.build());
    expect(compiled.lastRun).toBeUndefined();
    await compiled.run({ x: floats([1000]) }, {});
    expect(compiled.lastRun!.peakTensorBytes).toBe(3 * 1000 * 8);
  });

  it('counts a reshape once, since it shares its input buffer', async () => {
    const g = new GraphBuilder('view');
    const x = g.input('x', { dtype: 'float32', shape: [10, 100] });
    const r = g.op1('Reshape', [x], { shape: [1000] });
    g.output('y', g.op1('Neg', [r]));
    const compiled = await backend.compile(g.build());
    await compiled.run({ x: floats([10, 100]) }, {});
    expect(compiled.lastRun!.peakTensorBytes).toBe(2 * 1000 * 8);
  });

  it('does not grow with the number of steps of a recurrence', async () => {
    const peakAt = async (steps: number): Promise<number> => {
      const graph = new RNN({ cell: new LSTMCell({ units: 8 }), returnSequences: true }).build({
        inputs: { dtype: 'float32', shape: [2, steps, 4] },
      });
      const compiled = await backend.compile(graph);
      await compiled.run({ inputs: floats([2, steps, 4]) }, initWeights(graph, { seed: 1 }));
      return compiled.lastRun!.peakTensorBytes;
    };
    const [short, long] = [await peakAt(5), await peakAt(50)];
    // Only sequence-sized tensors grow: 45 more steps of (2, 4) in, of its (2, 32) projection before the
    // loop (the product and its sum with the bias) and of (2, 8) out. Keeping each step's intermediates
    // alive (at least its (2, 32) product with the recurrent kernel and the gates' sum) would add
    // 45 * 2 * 64 * 8 bytes more.
    const sequences = 45 * 2 * (4 + 2 * 32 + 8) * 8;
    expect(long - short).toBeGreaterThanOrEqual(45 * 2 * 4 * 8);
    expect(long - short).toBeLessThanOrEqual(sequences);
  });
});
