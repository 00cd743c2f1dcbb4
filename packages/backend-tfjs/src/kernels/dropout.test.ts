/**
 * Dropout on both TensorFlow.js runtimes. In training it is random (tf.dropout), so checked by its
 * statistics; outside training the op-case table of the private @layerspec/testing package covers it on
 * every backend, and here on 100k elements.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, tensor, type Backend, type Graph, type HostTensor } from '@layerspec/spec';
import { cpuBackend, wasmBackend } from '../index.js';

const n = 100_000;
// x = 1 + (i mod 7): a kept value shows which input it came from.
const x = tensor(
  Array.from({ length: n }, (_, i) => 1 + (i % 7)),
  [n],
);

function dropoutGraph(ratio: number): Graph {
  const b = new GraphBuilder('t_Dropout');
  b.output('y', b.op1('Dropout', [b.input('x0', { dtype: 'float32', shape: [n] })], { ratio, seed: 7 }));
  return b.build();
}

/** Indices where y differs from x (a loop: a deep equality of 100k values is slow). */
function changed(y: HostTensor): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (y.data[i] !== x.data[i]) out.push(i);
  return out;
}

describe.each([cpuBackend, wasmBackend])('$name Dropout', (be: Backend) => {
  const runOnce = async (ratio: number, training: boolean | undefined): Promise<HostTensor> => {
    const c = await be.compile(dropoutGraph(ratio), training === undefined ? {} : { training });
    try {
      return (await c.run({ x0: x }, {}))['y']!;
    } finally {
      c.dispose();
    }
  };

  it('is the identity when compiled without training', async () => {
    for (const training of [undefined, false]) {
      const y = await runOnce(0.3, training);
      expect(y.dtype).toBe('float32');
      expect(y.shape).toEqual([n]);
      expect(changed(y)).toEqual([]);
    }
  });

  it('in training with ratio 0.3 zeroes ~30% of 100k elements and scales the rest to x / 0.7', async () => {
    const y = await runOnce(0.3, true);
    expect(y.shape).toEqual([n]);
    let zeros = 0;
    const badKept: string[] = [];
    y.data.forEach((v, i) => {
      if (v === 0) zeros++;
      // x * (1 / 0.7) in float32: within a few ulp of x / 0.7.
      else if (!(Math.abs(v - x.data[i]! / 0.7) <= 1e-6 * (x.data[i]! / 0.7))) badKept.push(`[${i}] ${v} for x = ${x.data[i]}`);
    });
    // The count of zeros is Binomial(1e5, 0.3): standard deviation 145 (0.0015 of n), so 0.01 is ~7 sigma.
    expect(Math.abs(zeros / n - 0.3)).toBeLessThan(0.01);
    expect(badKept.slice(0, 5)).toEqual([]);
  });

  it('ratio 0 in training keeps everything', async () => {
    expect(changed(await runOnce(0, true))).toEqual([]);
  });
});
