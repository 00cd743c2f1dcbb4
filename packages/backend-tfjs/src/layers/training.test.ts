/**
 * Wrapped layers train with `model.fit` (tfjs's tape differentiates through the spec graph, Scan loops
 * included), save and load with their weights, and the trained weights run unchanged on the reference engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GRUCell, LSTMCell, layerFromJSON, type HostTensor, type TensorType } from '@layerspec/spec';
import { backend as refBackend } from '@layerspec/backend-ref';
import { toHostTensor } from '../backend.js';
import { useRuntime } from '../runtime.js';
import { tf, type Tensor } from '../tf.js';
import { SpecLayer, exportWeights, tfl } from './index.js';

const T = 6;
const D = 8;
const N = 512;

beforeAll(async () => {
  await useRuntime('cpu');
});

const scalar = (t: Tensor | Tensor[]): number => (Array.isArray(t) ? t[0]! : t).dataSync()[0]!;

async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

async function refRun(layer: SpecLayer, xs: readonly Tensor[]): Promise<HostTensor[]> {
  const types: Record<string, TensorType> = {};
  const inputs: Record<string, HostTensor> = {};
  for (const [i, name] of layer.inputNames.entries()) {
    types[name] = { dtype: 'float32', shape: [...xs[i]!.shape] };
    inputs[name] = await toHostTensor(xs[i]!);
  }
  const graph = layerFromJSON(layer.specLayer.toJSON()).build(types, layer.buildOptions);
  const compiled = await refBackend.compile(graph);
  const out = await compiled.run(inputs, exportWeights(layer));
  compiled.dispose();
  return graph.outputs.map((o) => out[o.name]!);
}

describe('a MultiHeadAttention + LayerNormalization + Dense model', () => {
  it('learns to output the mean of its sequence at every position, then saves and loads exactly', async () => {
    // Task: y[b, t, :] = mean over s of x[b, s, :]. A per-position Dense alone cannot do it: the model must
    // learn to attend uniformly. Predicting zeros scores var(mean) = 1/T = 0.167.
    const xs = tf.randomNormal([N, T, D], 0, 1, 'float32', 1);
    const ys = tf.tile(tf.mean(xs, 1, true), [1, T, 1]);
    const x = tf.input({ shape: [T, D], name: 'tokens' });
    const mha = tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, name: 'mha' });
    const attended = mha.apply([x, x]) as tf.SymbolicTensor;
    const residual = tf.layers.add().apply([x, attended]) as tf.SymbolicTensor;
    const normalized = tfl.layerNormalization({ name: 'norm' }).apply(residual) as tf.SymbolicTensor;
    const y = tf.layers
      .dense({ units: D, name: 'head', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) })
      .apply(normalized) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });

    const zeroBaseline = scalar(tf.mean(tf.square(ys)));
    const initial = scalar(model.evaluate(xs, ys, { batchSize: N }) as Tensor);
    const history = await model.fit(xs, ys, { epochs: 15, batchSize: 32, shuffle: false, verbose: 0 });
    const final = scalar(model.evaluate(xs, ys, { batchSize: N }) as Tensor);
    const losses = history.history['loss']!.map(Number);
    console.log(
      `MHA + LayerNorm training: evaluate loss ${initial.toFixed(4)} -> ${final.toFixed(4)} ` +
        `(predicting zeros: ${zeroBaseline.toFixed(4)}); fit loss by epoch ${losses.map((l) => l.toFixed(4)).join(' ')}`,
    );
    expect(final).toBeLessThan(0.5 * initial);
    expect(final).toBeLessThan(0.5 * zeroBaseline); // it learned to attend, not just to output zeros
    expect(losses.every(Number.isFinite)).toBe(true);

    const probe = xs.slice([0, 0, 0], [16, T, D]);
    const before = model.predict(probe) as Tensor;
    const loaded = await saveAndLoad(model);
    const after = loaded.predict(probe) as Tensor;
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    const loadedMha = loaded.getLayer('mha');
    expect(loadedMha).toBeInstanceOf(SpecLayer);
    if (!(loadedMha instanceof SpecLayer)) return;
    expect(exportWeights(loadedMha)).toEqual(exportWeights(mha));

    // The trained attention runs unchanged on the reference engine.
    const sub = tf.model({ inputs: loaded.inputs, outputs: loadedMha.output as tf.SymbolicTensor });
    const tfjsOut = (sub.predict(probe) as Tensor).dataSync();
    const [refOut] = await refRun(loadedMha, [probe, probe]);
    let worst = 0;
    refOut!.data.forEach((e, i) => (worst = Math.max(worst, Math.abs(tfjsOut[i]! - e) / Math.max(1, Math.abs(e)))));
    expect(worst).toBeLessThanOrEqual(1e-5);
    tf.dispose([xs, ys, probe, before, after]);
  });
});

describe('recurrent layers in a functional model', () => {
  it('RNN(LSTM) then AttentionWrapper(GRU), returnSequences, trains without NaN; every weight gets a gradient', async () => {
    // Task: y[b, t] = running mean of x[b, :t+1, 0], which needs the recurrence.
    const n = 64;
    const steps = 5;
    const xs = tf.randomNormal([n, steps, 3], 0, 1, 'float32', 2);
    const first = xs.slice([0, 0, 0], [n, steps, 1]);
    const ys = tf.div(tf.cumsum(first, 1), tf.reshape(tf.range(1, steps + 1), [1, steps, 1]));
    const x = tf.input({ shape: [null, 3] });
    const rnn = tfl.rnn({ cell: new LSTMCell({ units: 6 }), returnSequences: true, name: 'rnn' });
    const wrapper = tfl.attentionWrapper({ cell: new GRUCell({ units: 4 }), mechanism: 'bahdanau', name: 'wrapper' });
    const h = rnn.apply(x) as tf.SymbolicTensor;
    const a = wrapper.apply(h) as tf.SymbolicTensor;
    expect(h.shape).toEqual([null, null, 6]);
    expect(a.shape).toEqual([null, null, 4]);
    const y = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(a) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });

    const initialWeights = [rnn, wrapper].map((l) => exportWeights(l));
    const initial = scalar(model.evaluate(xs, ys, { batchSize: n }) as Tensor);
    const history = await model.fit(xs, ys, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0 });
    const final = scalar(model.evaluate(xs, ys, { batchSize: n }) as Tensor);
    const losses = history.history['loss']!.map(Number);
    console.log(
      `RNN + AttentionWrapper training: evaluate loss ${initial.toFixed(4)} -> ${final.toFixed(4)}; fit loss by epoch ${losses.map((l) => l.toFixed(4)).join(' ')}`,
    );
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(final)).toBe(true);
    expect(final).toBeLessThan(initial);

    // Adam moves a weight only if its gradient is nonzero: each changed weight got a gradient through a Scan.
    [rnn, wrapper].forEach((layer, i) => {
      const now = exportWeights(layer);
      for (const [name, w] of Object.entries(initialWeights[i]!)) {
        expect(Array.from(now[name]!.data), `${layer.name}/${name} changed`).not.toEqual(Array.from(w.data));
        expect(Array.from(now[name]!.data).every(Number.isFinite), `${layer.name}/${name} finite`).toBe(true);
      }
    });
    expect(Object.keys(initialWeights[1]!)).toEqual([
      'cell/kernel',
      'cell/recurrent_kernel',
      'cell/bias',
      'attention/memory_kernel',
      'attention/query_kernel',
      'attention/bias',
      'attention/v',
    ]);
    tf.dispose([xs, first, ys]);
  });
});
