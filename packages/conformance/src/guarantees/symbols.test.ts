/** Symbolic dims that must agree are checked before a run, the same way on every backend. */
import { describe, expect, it } from 'vitest';
import { ScaledDotProductAttention, getBackend, tensor, zerosTensor, type HostTensor } from '@layerspec/spec';
import { backends } from '../testing/backends.js';

const graph = new ScaledDotProductAttention({}).build({
  query: { dtype: 'float32', shape: ['b', 'tq', 4] },
  key: { dtype: 'float32', shape: ['b2', 'tk', 4] },
  value: { dtype: 'float32', shape: ['b2', 'tk', 4] },
});

const run = (bq: number, bk: number) => ({ query: zerosTensor([bq, 2, 4]), key: zerosTensor([bk, 3, 4]), value: zerosTensor([bk, 3, 4]) });

const filled = (shape: number[]): HostTensor =>
  tensor(
    Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => Math.sin(0.7 * i)),
    shape,
  );

describe('symbols that must agree', () => {
  it.each(backends())('$name rejects a query batch and a key batch that differ, naming both inputs', async ({ b }) => {
    const c = await b.compile(graph);
    for (const [bq, bk] of [
      [2, 3],
      [1, 3],
    ] as const) {
      await expect(c.run(run(bq, bk), {})).rejects.toThrow(
        new RegExp(`the inputs disagree at node .*'b' = ${bq} \\(input 'query' dim 0\\), 'b2' = ${bk} \\(input 'key' dim 0\\)`),
      );
    }
    expect((await c.run(run(3, 3), {}))['output']!.shape).toEqual([3, 2, 4]);
    // A key batch of 1 broadcasts to the query batch, which the output's type [b, tq, 4] allows.
    const broadcast = { query: filled([3, 2, 4]), key: filled([1, 3, 4]), value: filled([1, 3, 4]) };
    const expected = (await (await getBackend('ref').compile(graph)).run(broadcast, {}))['output']!;
    const got = (await c.run(broadcast, {}))['output']!;
    expect(got.shape).toEqual([3, 2, 4]);
    got.data.forEach((v, i) => expect(v).toBeCloseTo(expected.data[i]!, 5));
    c.dispose();
  });
});
