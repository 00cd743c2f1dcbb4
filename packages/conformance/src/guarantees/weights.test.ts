/** Weights are read at each run, on every backend: a weight changed in place is used as changed. */
import { describe, expect, it } from 'vitest';
import { MultiHeadAttention, getBackend, initWeights, tensor, type Backend, type HostTensor } from '@layerspec/spec';
import { backends } from '../testing/backends.js';

const graph = new MultiHeadAttention({ numHeads: 2, keyDim: 3 }).build({
  query: { dtype: 'float32', shape: ['b', 't', 4] },
  value: { dtype: 'float32', shape: ['b', 's', 4] },
});

const filled = (shape: number[], salt: number): HostTensor =>
  tensor(
    Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => Math.sin(1.7 * i + salt)),
    shape,
  );

const inputs = { query: filled([2, 3, 4], 1), value: filled([2, 5, 4], 2) };

/** The outputs of three runs: weights as given, the same arrays changed in place, then changed back. */
async function sequence(name: string, b: Backend): Promise<number[][]> {
  const c = await b.compile(graph);
  const weights = initWeights(graph, { seed: 5 });
  const kernel = weights[graph.params.find((p) => p.name.includes('output'))!.name]!.data;
  const before = Float32Array.from(kernel);
  const runs: number[][] = [];
  try {
    runs.push(Array.from((await c.run(inputs, weights))['output']!.data));
    for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! * 2 + 0.25;
    runs.push(Array.from((await c.run(inputs, weights))['output']!.data));
    kernel.set(before);
    runs.push(Array.from((await c.run(inputs, weights))['output']!.data));
  } finally {
    c.dispose();
  }
  expect(runs[1], `${name}: the in-place change is seen`).not.toEqual(runs[0]);
  return runs;
}

describe('weights are read at each run', () => {
  it.each(backends())('$name sees a weight changed in place, and agrees with ref', async ({ name, b }) => {
    const ref = await sequence('ref', getBackend('ref'));
    const got = await sequence(name, b);
    got.forEach((run, r) => run.forEach((v, i) => expect(v, `${name} run ${r} value ${i}`).toBeCloseTo(ref[r]![i]!, 4)));
    expect(got[2]).toEqual(got[0]);
  });
});
