/**
 * Dropout in training on the reference engine: random, so checked by its statistics, and reproducible
 * (the pattern depends only on the seed and the run index). Outside training the op-case table of the
 * private @layerspec/testing package covers it on every backend.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, tensor, type HostTensor } from '@layerspec/spec';
import { backend } from '../index.js';

const n = 100_000;
// x = 1 + (i mod 7), so a kept value shows which input it came from.
const x = tensor(
  Float32Array.from({ length: n }, (_, i) => 1 + (i % 7)),
  [n],
);
const graph = (ratio: number, seed = 7) => {
  const b = new GraphBuilder('t_Dropout');
  b.output('y', b.op1('Dropout', [b.input('x', { dtype: 'float32', shape: [n] })], { ratio, seed }));
  return b.build();
};
const runOnce = async (c: Awaited<ReturnType<typeof backend.compile>>) => (await c.run({ x }, {}))['y']!;

describe('Dropout', () => {
  it('is the identity when compiled without training', async () => {
    for (const options of [undefined, { training: false }]) {
      const c = await backend.compile(graph(0.3), options);
      expect(Array.from((await runOnce(c)).data)).toEqual(Array.from(x.data));
    }
  });

  it('in training drops ~ratio of the elements, scales the rest by 1/(1 - ratio), and draws a new pattern each run', async () => {
    const c = await backend.compile(graph(0.3), { training: true });
    const first = await runOnce(c);
    const second = await runOnce(c);
    for (const y of [first, second]) {
      expect(y.shape).toEqual([n]);
      let zeros = 0;
      let badKept = 0;
      y.data.forEach((v, i) => {
        if (v === 0) zeros++;
        else if (Math.abs(v - x.data[i]! / 0.7) > 1e-6 * v) badKept++;
      });
      expect(Math.abs(zeros / n - 0.3)).toBeLessThan(0.01);
      expect(badKept).toBe(0);
    }
    const pattern = (y: HostTensor) => Array.from(y.data, (v) => (v === 0 ? 0 : 1));
    const p1 = pattern(first);
    const p2 = pattern(second);
    expect(p1.filter((v, i) => v !== p2[i]).length).toBeGreaterThan(n / 10);
    // A fresh compile of the same graph reproduces the first pattern (and values) exactly.
    const again = await backend.compile(graph(0.3), { training: true });
    expect(Array.from((await runOnce(again)).data)).toEqual(Array.from(first.data));
    // Another seed gives another pattern.
    const other = await backend.compile(graph(0.3, 8), { training: true });
    expect(pattern(await runOnce(other)).filter((v, i) => v !== p1[i]).length).toBeGreaterThan(n / 10);
  });

  it('ratio 0 in training keeps everything', async () => {
    const c = await backend.compile(graph(0), { training: true });
    expect(Array.from((await runOnce(c)).data)).toEqual(Array.from(x.data));
  });
});
