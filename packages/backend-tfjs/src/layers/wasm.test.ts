/**
 * Smoke test on TensorFlow.js's 'wasm' backend: a functional MultiHeadAttention (with a bool mask input) +
 * LayerNormalization model predicts what the reference engine computes, trains a few steps, saves and loads.
 */
import { beforeAll, expect, it } from 'vitest';
import { layerFromJSON, type HostTensor, type TensorType } from '@layerspec/spec';
import { backend as refBackend } from '@layerspec/backend-ref';
import { toHostTensor } from '../backend.js';
import { useRuntime } from '../runtime.js';
import { tf, type Tensor } from '../tf.js';
import { type SpecLayer, exportWeights, tfl } from './index.js';

beforeAll(async () => {
  await useRuntime('wasm');
});

it('runs, trains, saves and loads a MultiHeadAttention + LayerNormalization model on wasm', async () => {
  expect(tf.getBackend()).toBe('wasm');
  const q = tf.input({ shape: [5, 8] });
  const m = tf.input({ shape: [5, 5], dtype: 'bool' });
  const mha = tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, inputs: ['query', 'value', 'attention_mask'], name: 'mha' });
  const attended = mha.apply([q, q, m]) as tf.SymbolicTensor;
  const ln = tfl.layerNormalization({ name: 'norm' });
  const y = ln.apply(attended) as tf.SymbolicTensor;
  const model = tf.model({ inputs: [q, m], outputs: y });

  const x = tf.randomNormal([3, 5, 8], 0, 1, 'float32', 1);
  const mask = tf.greater(tf.randomUniform([3, 5, 5], 0, 1, 'float32', 2), 0.4);
  const predicted = model.predict([x, mask]) as Tensor;

  // Reference: the same two spec layers, chained, on the reference engine with the exported weights.
  const ref = async (layer: SpecLayer, inputs: Record<string, HostTensor>): Promise<HostTensor> => {
    const types: Record<string, TensorType> = {};
    for (const [k, v] of Object.entries(inputs)) types[k] = { dtype: v.dtype, shape: v.shape };
    const graph = layerFromJSON(layer.specLayer.toJSON()).build(types, layer.buildOptions);
    const compiled = await refBackend.compile(graph);
    const out = await compiled.run(inputs, exportWeights(layer));
    compiled.dispose();
    return out['output']!;
  };
  const hx = await toHostTensor(x);
  const attendedRef = await ref(mha, { query: hx, value: hx, attention_mask: await toHostTensor(mask) });
  const expected = await ref(ln, { input: attendedRef });
  const got = predicted.dataSync();
  expected.data.forEach((e, i) => expect(Math.abs(got[i]! - e)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(e))));

  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  const target = tf.zeros([3, 5, 8]);
  const history = await model.fit([x, mask], target, { epochs: 3, verbose: 0 });
  expect(history.history['loss']!.map(Number).every(Number.isFinite)).toBe(true);

  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  const before = model.predict([x, mask]) as Tensor;
  const after = loaded.predict([x, mask]) as Tensor;
  expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));

  const count = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) tf.dispose(loaded.predict([x, mask]) as Tensor);
  expect(tf.memory().numTensors).toBe(count);
  tf.dispose([x, mask, predicted, target, before, after]);
});
