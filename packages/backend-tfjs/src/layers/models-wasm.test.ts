/**
 * The model layers as tfjs wrappers on the 'wasm' backend: an Embedding trains there (its gradient is
 * the Gather kernel's one-hot product), and a Sequential of Embedding, TransformerEncoder and Dense
 * trains, saves and loads.
 */
import { beforeAll, expect, it } from 'vitest';
import { Dense, Embedding, TransformerEncoder } from '@layerspec/spec';
import { useRuntime } from '../runtime.js';
import { tf, type Tensor } from '../tf.js';
import { tfl } from './index.js';

beforeAll(async () => {
  await useRuntime('wasm');
});

const ids = (): Tensor =>
  tf.tensor2d(
    [
      [1, 2, 3, 0, 0],
      [4, 4, 1, 2, 0],
      [3, 1, 0, 0, 0],
    ],
    [3, 5],
    'int32',
  );

it('an Embedding table gets a gradient on wasm: only the rows of the ids change', async () => {
  expect(tf.getBackend()).toBe('wasm');
  const x = tf.input({ shape: [5], dtype: 'int32' });
  const embedding = tfl.embedding({ inputDim: 8, outputDim: 4, name: 'embedding' });
  const model = tf.model({ inputs: x, outputs: embedding.apply(x) as tf.SymbolicTensor });
  const before = embedding.getWeights()[0]!.arraySync() as number[][];
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
  const history = await model.fit(ids(), tf.ones([3, 5, 4]), { epochs: 5, verbose: 0 });
  const losses = history.history['loss']!.map(Number);
  expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  const after = embedding.getWeights()[0]!.arraySync() as number[][];
  const changed = after.map((row, i) => row.some((v, j) => v !== before[i]![j]));
  // ids used: 0, 1, 2, 3, 4; rows 5, 6, 7 are never looked up
  expect(changed).toEqual([true, true, true, true, true, false, false, false]);
});

it('a Sequential of Embedding, TransformerEncoder and Dense trains, saves and loads on wasm', async () => {
  const x = tf.input({ shape: [5], dtype: 'int32' });
  const layers = [
    new Embedding({ inputDim: 8, outputDim: 8 }),
    new TransformerEncoder({ intermediateDim: 16, numHeads: 2 }),
    new Dense({ units: 3 }),
  ];
  const stack = tfl.sequential({ layers, name: 'stack', seed: 3 });
  const model = tf.model({ inputs: x, outputs: stack.apply(x) as tf.SymbolicTensor });
  expect(stack.specWeights.has('transformer_encoder/self_attention/query/kernel')).toBe(true);
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  const history = await model.fit(ids(), tf.zeros([3, 5, 3]), { epochs: 5, verbose: 0 });
  const losses = history.history['loss']!.map(Number);
  expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);

  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  const before = model.predict(ids()) as Tensor;
  const after = loaded.predict(ids()) as Tensor;
  expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
});
