import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tensor } from '@tensorflow/tfjs';
import { tf, useRuntime } from '@layerspec/backend-tfjs';
import { maxAbsDiff } from '@layerspec/cli/format';
import { mhaByHandTfjs } from './mha-by-hand-tfjs.js';
import { loadTfjsLayersMha, tfjsLayersMhaPeer } from './tfjs-layers-mha.js';

const sizes = { batch: 2, seq: 5, model: 16, heads: 4 };
const { batch: b, seq: t, model: d, heads: h } = sizes;
const k = d / h;

function randomWeights(): Record<string, Tensor> {
  const shapes: Record<string, number[]> = {
    'query/kernel': [d, h, k],
    'query/bias': [h, k],
    'key/kernel': [d, h, k],
    'key/bias': [h, k],
    'value/kernel': [d, h, k],
    'value/bias': [h, k],
    'attention_output/kernel': [h, k, d],
    'attention_output/bias': [d],
  };
  return Object.fromEntries(
    Object.entries(shapes).map(([name, shape], i) => [name, tf.randomUniform(shape, -0.5, 0.5, 'float32', 100 + i)]),
  );
}

let weights: Record<string, Tensor>;
let x: Tensor;
let registryBefore: Map<string, unknown>;

beforeAll(async () => {
  registryBefore = new Map(Object.entries(tf.serialization.SerializationMap.getMap().classNameMap));
  await useRuntime('cpu');
  weights = randomWeights();
  x = tf.randomNormal([b, t, d], 0, 1, 'float32', 7);
});

afterAll(async () => {
  await useRuntime('cpu');
  tf.dispose([x, ...Object.values(weights)]);
});

describe("tfjs-layers' MultiHeadAttention as a peer", () => {
  it('loads the class from the package, sharing tfjs-core with @tensorflow/tfjs', async () => {
    const MultiHeadAttention = await loadTfjsLayersMha();
    expect(await loadTfjsLayersMha()).toBe(MultiHeadAttention);
    const peer = await tfjsLayersMhaPeer(sizes, weights);
    try {
      const y = peer.apply(x);
      expect(y).toBeInstanceOf(tf.Tensor);
      y.dispose();
      expect(peer.trainableWeights).toHaveLength(8);
      for (const v of peer.trainableWeights) {
        expect(v).toBeInstanceOf(tf.Variable);
        expect(tf.engine().registeredVariables[v.name]).toBe(v);
      }
      expect(peer.layer.getWeights()).toEqual([]);
    } finally {
      peer.dispose();
    }
  });

  it("leaves tf.layers' deserialization registry as it was, adding only new names", async () => {
    const registry = tf.serialization.SerializationMap.getMap().classNameMap;
    const peer = await tfjsLayersMhaPeer(sizes, weights);
    peer.dispose();
    for (const [name, entry] of registryBefore) expect(registry[name], name).toBe(entry);
    expect(registryBefore.has('EinsumDense')).toBe(false);
    expect(registry['EinsumDense']).toBeDefined();
  });

  it('computes what mhaByHandTfjs computes on cpu, without leaking tensors', async () => {
    const start = tf.memory().numTensors;
    const peer = await tfjsLayersMhaPeer(sizes, weights);
    const y = peer.apply(x);
    const expected = tf.tidy(() => mhaByHandTfjs(sizes, x, weights));
    expect(y.shape).toEqual([b, t, d]);
    expect(maxAbsDiff(y.dataSync(), expected.dataSync())).toBeLessThan(1e-4);
    tf.dispose([y, expected]);
    peer.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('has no backward pass: tfjs-core 4.22 registers no gradient for Einsum', async () => {
    const peer = await tfjsLayersMhaPeer(sizes, weights);
    try {
      expect(() => tf.variableGrads(() => tf.sum(peer.apply(x)))).toThrow(
        'Cannot compute gradient: gradient function not found for Einsum.',
      );
    } finally {
      peer.dispose();
    }
  });

  it("fails in the layer's own apply on eager tensors: 4.22 hands [query, value] to call as the query", async () => {
    const peer = await tfjsLayersMhaPeer(sizes, weights);
    try {
      expect(() => peer.layer.apply(x, { value: x })).toThrow('Expected 2 input tensors, received 3');
    } finally {
      peer.dispose();
    }
  });

  it('does not run on wasm: tfjs-backend-wasm has no Einsum kernel', async () => {
    await useRuntime('wasm');
    try {
      const start = tf.memory().numTensors;
      const peer = await tfjsLayersMhaPeer(sizes, weights);
      expect(() => peer.apply(x)).toThrow("Kernel 'Einsum' not registered for backend 'wasm'");
      peer.dispose();
      expect(tf.memory().numTensors).toBe(start);
    } finally {
      await useRuntime('cpu');
    }
  });
});
