/**
 * Bound runners, on every backend: `compiled.bind(weights)` runs as `compiled.run` with the weights of
 * bind time (later in-place changes are not seen), checks inputs before running, is released by its
 * `dispose` (or the compiled graph's) and refuses runs after; `decode` over a bound step graph chooses
 * what recompute chooses.
 */
import { describe, expect, it } from 'vitest';
import { LayerspecError, MultiHeadAttention, decode, initWeights, tensor, type Graph, type HostTensor } from '@layerspec/spec';
import { backends } from '../testing/backends.js';

const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 3 });
const graph = mha.build({
  query: { dtype: 'float32', shape: ['b', 't', 4] },
  value: { dtype: 'float32', shape: ['b', 's', 4] },
});

const filled = (shape: number[], salt: number): HostTensor =>
  tensor(
    Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => Math.sin(1.7 * i + salt)),
    shape,
  );

const inputs = { query: filled([2, 3, 4], 1), value: filled([2, 5, 4], 2) };
const outputOf = (r: Record<string, HostTensor>): number[] => Array.from(r['output']!.data);
const kernelOf = (g: Graph, weights: Record<string, HostTensor>): HostTensor['data'] =>
  weights[g.params.find((p) => p.name.includes('output'))!.name]!.data;

describe('bound runners', () => {
  it.each(backends())('$name: equal to run, blind to later in-place changes until bound again', async ({ b }) => {
    const c = await b.compile(graph);
    const weights = initWeights(graph, { seed: 5 });
    try {
      const bound = await c.bind(weights);
      const byRun = outputOf(await c.run(inputs, weights));
      expect(outputOf(await bound.run(inputs))).toEqual(byRun);
      const kernel = kernelOf(graph, weights);
      for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! * 2 + 0.25;
      expect(outputOf(await bound.run(inputs)), 'the bound copy is unchanged').toEqual(byRun);
      const changed = outputOf(await c.run(inputs, weights));
      expect(changed).not.toEqual(byRun);
      const again = await c.bind(weights);
      expect(outputOf(await again.run(inputs))).toEqual(changed);
      bound.dispose();
      expect(outputOf(await again.run({ query: filled([1, 2, 4], 3), value: filled([1, 4, 4], 4) }))).toHaveLength(8);
      again.dispose();
    } finally {
      c.dispose();
    }
  });

  it.each(backends())('$name: wrong inputs and runs after dispose are LayerspecErrors before anything runs', async ({ b }) => {
    const c = await b.compile(graph);
    const weights = initWeights(graph, { seed: 5 });
    try {
      await expect(c.bind({})).rejects.toThrow(/^MultiHeadAttention: missing weight '/);
      const bound = await c.bind(weights);
      await expect(bound.run({ query: inputs.query })).rejects.toThrow("MultiHeadAttention: missing input 'value'");
      await expect(bound.run({ ...inputs, value: filled([3, 5, 4], 2) })).rejects.toThrow(/'b'/);
      await expect(bound.run({ ...inputs, query: filled([2, 3, 5], 1) })).rejects.toThrow(/input 'query' dim 2 must be 4/);
      const running = bound.run(inputs);
      bound.dispose();
      expect(outputOf(await running)).toHaveLength(24);
      await expect(bound.run(inputs)).rejects.toThrow(LayerspecError);
      await expect(bound.run(inputs)).rejects.toThrow('MultiHeadAttention: this bound graph was disposed');
      const open = await c.bind(weights);
      c.dispose();
      await expect(open.run(inputs)).rejects.toThrow('MultiHeadAttention: this bound graph was disposed');
      await expect(c.bind(weights)).rejects.toThrow('MultiHeadAttention: this compiled graph was disposed');
    } finally {
      c.dispose();
    }
  });

  const step = mha.build(
    {
      query: { dtype: 'float32', shape: ['b', 1, 4] },
      value: { dtype: 'float32', shape: ['b', 1, 4] },
      past_key: { dtype: 'float32', shape: ['b', 2, 'p', 3] },
      past_value: { dtype: 'float32', shape: ['b', 2, 'p', 3] },
    },
    { useCausalMask: true, cache: true },
  );
  const full = mha.build(
    { query: { dtype: 'float32', shape: ['b', 't', 4] }, value: { dtype: 'float32', shape: ['b', 't', 4] } },
    { useCausalMask: true },
  );

  it.each(backends())('$name: decode over the bound step graph equals recompute at every position', async ({ b }) => {
    const T = 5;
    const xs = filled([2, T, 4], 7);
    const at = (t: number): HostTensor => {
      const data = new Float32Array(8);
      for (let r = 0; r < 2; r++) data.set(xs.data.subarray((r * T + t) * 4, (r * T + t + 1) * 4), r * 4);
      return tensor(data, [2, 1, 4]);
    };
    const weights = initWeights(full, { seed: 9 });
    const [s, f] = [await b.compile(step), await b.compile(full)];
    try {
      const steps = await decode(s, step, weights, {
        first: { query: at(0), value: at(0) },
        steps: T,
        caches: {
          past_key: tensor(new Float32Array(0), [2, 2, 0, 3]),
          past_value: tensor(new Float32Array(0), [2, 2, 0, 3]),
        },
        next: (_, i) => ({ query: at(i + 1), value: at(i + 1) }),
      });
      expect(steps).toHaveLength(T);
      const whole = (await f.run({ query: xs, value: xs }, weights))['output']!;
      steps.forEach((o, t) => {
        const want = [0, 1].flatMap((r) => Array.from(whole.data.subarray((r * T + t) * 4, (r * T + t + 1) * 4)));
        Array.from(o['output']!.data).forEach((v, i) => expect(v, `position ${t} value ${i}`).toBeCloseTo(want[i]!, 5));
      });
    } finally {
      s.dispose();
      f.dispose();
    }
  });
});
