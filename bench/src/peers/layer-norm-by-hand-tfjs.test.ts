import { LayerNormalization, Random, initWeights, type HostTensor } from '@layerspec/spec';
import { backend } from '@layerspec/backend-ref';
import { runGraph, tf, useRuntime } from '@layerspec/backend-tfjs';
import type { Tensor } from '@tensorflow/tfjs';
import { maxAbsDiff } from './peer-testing.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { layerNormByHandTfjs } from './layer-norm-by-hand-tfjs.js';

const SHAPE = [2, 3, 5];

function normal(shape: number[], rng: Random, scale = 1, offset = 0): HostTensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, () => offset + scale * rng.normal()) };
}

/** Rows of different spreads, some small enough (std 0.03) that epsilon = 1e-3 moves the output by a lot. */
function input(rng: Random): HostTensor {
  const row = SHAPE[2]!;
  const spreads = [0.03, 1, 4];
  const data = Float32Array.from(
    { length: SHAPE.reduce((p, d) => p * d, 1) },
    (_, i) => spreads[Math.floor(i / row) % 3]! * (0.5 + rng.normal()),
  );
  return { dtype: 'float32', shape: SHAPE, data };
}

async function onRef(epsilon: number, x: HostTensor, weights: Record<string, HostTensor>): Promise<ArrayLike<number>> {
  const graph = new LayerNormalization({ epsilon }).build({ input: { dtype: 'float32', shape: SHAPE } });
  const compiled = await backend.compile(graph);
  const out = await compiled.run({ input: x }, weights);
  compiled.dispose();
  return out['output']!.data;
}

function byHand(x: HostTensor, gamma: HostTensor, beta: HostTensor, epsilon: number): Float32Array {
  const t = (h: HostTensor) => tf.tensor(h.data, h.shape);
  const y = tf.tidy(() => layerNormByHandTfjs(t(x), t(gamma), t(beta), epsilon));
  const data = y.dataSync();
  y.dispose();
  return Float32Array.from(data);
}

describe('layerNormByHandTfjs', () => {
  beforeAll(async () => {
    await useRuntime('cpu');
  });

  it('has the weights the library layer reads', () => {
    const graph = new LayerNormalization().build({ input: { dtype: 'float32', shape: SHAPE } });
    expect(Object.keys(initWeights(graph, { seed: 1 })).sort()).toEqual(['beta', 'gamma']);
  });

  it.each([1e-3, 0.25])('matches LayerNormalization (epsilon %s) on the reference engine', async (epsilon) => {
    const rng = new Random(7);
    const x = input(rng);
    // Away from the initial ones and zeros, so a dropped or misplaced gamma or beta shows.
    const gamma = normal([SHAPE[2]!], rng, 0.5, 1);
    const beta = normal([SHAPE[2]!], rng, 0.5);
    const expected = await onRef(epsilon, x, { gamma, beta });
    const tfBefore = tf.memory().numTensors;
    expect(maxAbsDiff(byHand(x, gamma, beta, epsilon), expected)).toBeLessThan(1e-5);
    expect(tf.memory().numTensors).toBe(tfBefore);
  });

  it('tells a wrong formula apart: every term moves the output by far more than the tolerance', async () => {
    const rng = new Random(8);
    const x = input(rng);
    const gamma = normal([SHAPE[2]!], rng, 0.5, 1);
    const beta = normal([SHAPE[2]!], rng, 0.5);
    const expected = await onRef(1e-3, x, { gamma, beta });
    const ones = { ...gamma, data: new Float32Array(SHAPE[2]!).fill(1) };
    const zeros = { ...beta, data: new Float32Array(SHAPE[2]!) };
    expect(maxAbsDiff(byHand(x, ones, beta, 1e-3), expected), 'without gamma').toBeGreaterThan(1e-2);
    expect(maxAbsDiff(byHand(x, gamma, zeros, 1e-3), expected), 'without beta').toBeGreaterThan(1e-2);
    expect(maxAbsDiff(byHand(x, gamma, beta, 0), expected), 'without epsilon').toBeGreaterThan(1e-2);
  });

  it('differentiates under tf.variableGrads like the library lowering, without leaks', () => {
    const rng = new Random(9);
    const graph = new LayerNormalization().build({ input: { dtype: 'float32', shape: SHAPE } });
    const x = tf.tensor(input(rng).data, SHAPE);
    const gamma = tf.variable(tf.tensor(normal([SHAPE[2]!], rng, 0.5, 1).data), true, 'ln-peer/gamma');
    const beta = tf.variable(tf.tensor(normal([SHAPE[2]!], rng, 0.5).data), true, 'ln-peer/beta');
    const gradsOf = (f: () => Tensor): Float32Array[] => {
      // Weighted, so beta's gradient is more than a count of rows.
      const weighting = tf.tensor(input(new Random(10)).data, SHAPE);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(f(), weighting)).asScalar(), [gamma, beta]);
      const out = [gamma, beta].map((v) => Float32Array.from(grads[v.name]!.dataSync()));
      tf.dispose([value, weighting, ...Object.values(grads)]);
      return out;
    };
    const before = tf.memory().numTensors;
    const got = gradsOf(() => layerNormByHandTfjs(x, gamma, beta, 1e-3));
    expect(tf.memory().numTensors).toBe(before);
    const expected = gradsOf(
      () =>
        runGraph(
          graph,
          new Map<string, Tensor>([
            ['input', x],
            ['gamma', gamma],
            ['beta', beta],
          ]),
          false,
        )[0]!,
    );
    got.forEach((g, i) => {
      expect(g.every(Number.isFinite)).toBe(true);
      expect(maxAbsDiff(g, expected[i]!)).toBeLessThan(1e-5);
    });
    tf.dispose([x, gamma, beta]);
  });
});
