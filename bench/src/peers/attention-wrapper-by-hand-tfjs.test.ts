import { AttentionWrapper, LSTMCell, Random, initWeights, type Graph, type HostTensor } from '@layerspec/spec';
import { backend } from '@layerspec/backend-ref';
import { runGraph, tf, useRuntime } from '@layerspec/backend-tfjs';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import { maxAbsDiff } from './peer-testing.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { attentionWrapperByHandTfjs, attentionWrapperSizes } from './attention-wrapper-by-hand-tfjs.js';

const SIZES = { inputSize: 4, memorySize: 5, units: 6 };

function wrapper(batch: number, steps: number, length: number, scoreUnits?: number): Graph {
  return new AttentionWrapper({ cell: new LSTMCell({ units: SIZES.units }), mechanism: 'bahdanau', units: scoreUnits }).build({
    inputs: { dtype: 'float32', shape: [batch, steps, SIZES.inputSize] },
    memory: { dtype: 'float32', shape: [batch, length, SIZES.memorySize] },
  });
}

function normal(shape: number[], rng: Random): HostTensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, () => rng.normal()) };
}

/** initWeights plus noise, so the zero biases (and the forget gate's ones) cannot hide a dropped term. */
function noisyWeights(graph: Graph, seed: number): Record<string, HostTensor> {
  const rng = new Random(seed, 7);
  const weights = initWeights(graph, { seed });
  for (const w of Object.values(weights)) w.data = w.data.map((v) => v + 0.3 * rng.normal());
  return weights;
}

function feeds(graph: Graph, seed: number): Record<string, HostTensor> {
  const rng = new Random(seed);
  return Object.fromEntries(graph.inputs.map((v) => [v.name, normal(v.type.shape.map(Number), rng)]));
}

async function onRef(graph: Graph, inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<HostTensor> {
  const c = await backend.compile(graph);
  try {
    return (await c.run(inputs, weights))['output']!;
  } finally {
    c.dispose();
  }
}

const toTf = (h: HostTensor): Tensor => tf.tensor(h.data, h.shape);

function byHand(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Float32Array {
  const y = tf.tidy(() =>
    attentionWrapperByHandTfjs(
      toTf(inputs['inputs']!),
      toTf(inputs['memory']!),
      Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, toTf(v)])),
    ),
  );
  const data = Float32Array.from(y.dataSync());
  y.dispose();
  return data;
}

describe('attentionWrapperByHandTfjs', () => {
  beforeAll(async () => {
    await useRuntime('cpu');
  });

  it('reads the weights the library layer has', () => {
    const shapes = Object.fromEntries(Object.entries(initWeights(wrapper(2, 3, 7), { seed: 1 })).map(([k, v]) => [k, v.shape]));
    const { inputSize: din, memorySize: dm, units: u } = SIZES;
    expect(shapes).toEqual({
      'cell/kernel': [din + dm, 4 * u],
      'cell/recurrent_kernel': [u, 4 * u],
      'cell/bias': [4 * u],
      'attention/memory_kernel': [dm, u],
      'attention/query_kernel': [u, u],
      'attention/bias': [u],
      'attention/v': [u],
    });
  });

  it('reads its sizes from the shapes', () => {
    const w = { 'cell/recurrent_kernel': tf.zeros([6, 24]) };
    const [x, m] = [tf.zeros([2, 3, 4]), tf.zeros([2, 7, 5])];
    expect(attentionWrapperSizes(x, m, w)).toEqual({ batch: 2, steps: 3, inputSize: 4, memoryLength: 7, memorySize: 5, units: 6 });
    expect(() => attentionWrapperSizes(x, tf.zeros([3, 7, 5]), w)).toThrow(/memory/);
    tf.dispose([x, m, ...Object.values(w)]);
  });

  it.each([
    { batch: 2, steps: 3, length: 7 },
    { batch: 1, steps: 5, length: 2 },
  ])(
    'matches the library on the reference engine at batch $batch, $steps steps, memory length $length',
    async ({ batch, steps, length }) => {
      const graph = wrapper(batch, steps, length);
      const weights = noisyWeights(graph, 3);
      const inputs = feeds(graph, batch * 100 + steps);
      const expected = await onRef(graph, inputs, weights);
      expect(expected.shape).toEqual([batch, steps, SIZES.units]);
      const before = tf.memory().numTensors;
      expect(maxAbsDiff(byHand(inputs, weights), expected.data)).toBeLessThan(1e-5);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('matches with a score size that differs from the cell units', async () => {
    const graph = wrapper(2, 3, 4, 9);
    const weights = noisyWeights(graph, 4);
    const inputs = feeds(graph, 9);
    expect(maxAbsDiff(byHand(inputs, weights), (await onRef(graph, inputs, weights)).data)).toBeLessThan(1e-5);
  });

  it.each([
    'cell/kernel',
    'cell/recurrent_kernel',
    'cell/bias',
    'attention/memory_kernel',
    'attention/query_kernel',
    'attention/bias',
    'attention/v',
  ])('tells a wrong formula apart: without %s the output moves far beyond the tolerance', async (name) => {
    const graph = wrapper(2, 3, 7);
    const weights = noisyWeights(graph, 5);
    const inputs = feeds(graph, 6);
    const expected = (await onRef(graph, inputs, weights)).data;
    const dropped = { ...weights, [name]: { ...weights[name]!, data: new Float32Array(weights[name]!.data.length) } };
    expect(maxAbsDiff(byHand(inputs, dropped), expected)).toBeGreaterThan(1e-3);
  });

  it('differentiates under tf.variableGrads: finite gradients of every weight, equal to the library lowering, no leaks', () => {
    const graph = wrapper(2, 3, 7);
    const weights = noisyWeights(graph, 7);
    const host = feeds(graph, 8);
    const inputs = toTf(host['inputs']!);
    const memory = toTf(host['memory']!);
    const vars: Record<string, Variable> = Object.fromEntries(
      Object.entries(weights).map(([k, v]) => [k, tf.variable(toTf(v), true, `aw-peer/${k}`)]),
    );
    const varList = Object.values(vars);
    const gradsOf = (f: () => Tensor): Record<string, Float32Array> => {
      const { value, grads } = tf.variableGrads(() => tf.sum(f()).asScalar(), varList);
      const out = Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, Float32Array.from(g.dataSync())]));
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    };

    const before = tf.memory().numTensors;
    const got = gradsOf(() => attentionWrapperByHandTfjs(inputs, memory, vars));
    expect(tf.memory().numTensors).toBe(before);
    const env = (): Map<string, Tensor> => new Map<string, Tensor>([['inputs', inputs], ['memory', memory], ...Object.entries(vars)]);
    const expected = gradsOf(() => runGraph(graph, env(), false)[0]!);

    expect(Object.keys(got).sort()).toEqual(
      Object.keys(weights)
        .map((k) => `aw-peer/${k}`)
        .sort(),
    );
    for (const [k, g] of Object.entries(got)) {
      expect(g.every(Number.isFinite), k).toBe(true);
      expect(
        g.some((v) => v !== 0),
        k,
      ).toBe(true);
      const scale = Math.max(1, ...Array.from(expected[k]!, Math.abs));
      expect(maxAbsDiff(g, expected[k]!) / scale, k).toBeLessThan(1e-5);
    }
    tf.dispose([inputs, memory, ...varList]);
  });
});
