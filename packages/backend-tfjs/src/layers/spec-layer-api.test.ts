/**
 * What a SpecLayer does beyond the per-layer table of spec-layer.test.ts, on the tfjs 'cpu' backend: the spec's
 * weights (names, shapes, seeds, export and import), tfl.fromSpec, calls on tensors of other sizes, 0/1 float
 * masks, training-mode dropout, memory, and the errors a user sees.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GRUCell, LSTMCell, LayerspecError, MultiHeadAttention, SimpleRNNCell, initWeights, type HostTensor } from '@layerspec/spec';
import { useRuntime } from '../runtime.js';
import { tf, type Tensor } from '../tf.js';
import { exportWeights, importWeights, tfl } from './index.js';

const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

beforeAll(async () => {
  await useRuntime('cpu');
});

describe('SpecLayer', () => {
  it('creates the LAYERS.md weights, named and shaped as the spec graph, seeded by initWeights', () => {
    const layer = tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, seed: 3, name: 'mha' });
    const q = tf.input({ shape: [5, 8] });
    const v = tf.input({ shape: [7, 6] });
    layer.apply([q, v]);
    const names = [
      'query/kernel',
      'query/bias',
      'key/kernel',
      'key/bias',
      'value/kernel',
      'value/bias',
      'attention_output/kernel',
      'attention_output/bias',
    ];
    expect(layer.weights.map((w) => w.originalName)).toEqual(names.map((n) => `mha/${n}`));
    expect(layer.weights.map((w) => w.shape)).toEqual([[8, 2, 4], [2, 4], [6, 2, 4], [2, 4], [6, 2, 4], [2, 4], [2, 4, 8], [8]]);
    expect(layer.countParams()).toBe(64 + 8 + 48 + 8 + 48 + 8 + 64 + 8);
    const weights = exportWeights(layer);
    expect(Object.keys(weights)).toEqual(names);
    expect(weights).toEqual(initWeights(layer.graph, { seed: 3 }));
    expect(layer.specLayer.config).toMatchObject({ seed: 3 });

    const other = tfl.multiHeadAttention({ numHeads: 2, keyDim: 4 });
    other.apply([q, v]);
    expect(exportWeights(other)['query/kernel']).toEqual(initWeights(other.graph, { seed: 0 })['query/kernel']);
    expect(exportWeights(other)['query/kernel']).not.toEqual(weights['query/kernel']);
  });

  it('wraps any spec layer instance with tfl.fromSpec', async () => {
    const spec = new MultiHeadAttention({ numHeads: 2, keyDim: 2, dropout: 0.1 });
    const layer = tfl.fromSpec(spec, { inputs: ['query', 'value', 'attention_mask'], returnAttentionScores: true });
    expect(layer.getClassName()).toBe('LayerspecMultiHeadAttention');
    expect(layer.getConfig()).toMatchObject({
      numHeads: 2,
      keyDim: 2,
      dropout: 0.1,
      returnAttentionScores: true,
      inputs: ['query', 'value', 'attention_mask'],
    });
    const cell = tfl.fromSpec(new SimpleRNNCell({ units: 3 }));
    expect(cell.inputNames).toEqual(['input', 'state_h']);
  });

  it('exports and imports weights by spec name, checking names and shapes', async () => {
    const a = tfl.rnn({ cell: new LSTMCell({ units: 3 }), seed: 1 });
    const b = tfl.rnn({ cell: new LSTMCell({ units: 3 }), seed: 2 });
    expect(() => exportWeights(a)).toThrow(/not built yet: apply it to inputs/);
    const x = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 11);
    const ya = a.apply(x) as Tensor;
    const yb0 = b.apply(x) as Tensor;
    expect(Array.from(yb0.dataSync())).not.toEqual(Array.from(ya.dataSync()));
    const wa = exportWeights(a);
    expect(Object.keys(wa)).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    importWeights(b, wa);
    const yb = b.apply(x) as Tensor;
    expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));

    const { bias: _bias, ...noBias } = wa;
    expect(() => importWeights(b, noBias)).toThrow(/missing weight\(s\) 'bias'/);
    expect(() => importWeights(b, { ...wa, 'cell/kernel': wa['kernel']! })).toThrow(
      /unknown weight\(s\) 'cell\/kernel' \(weights: kernel, recurrent_kernel, bias\)/,
    );
    const wrong: HostTensor = { dtype: 'float32', shape: [4, 12], data: new Float32Array(48) };
    expect(() => importWeights(b, { ...wa, kernel: wrong })).toThrow(/weight 'kernel' must have shape \[5, 12\], got \[4, 12\]/);
    // A failed import writes nothing.
    expect(exportWeights(b)).toEqual(wa);
    tf.dispose([x, ya, yb0, yb]);
  });

  it('runs on tensors directly, and on other batch sizes and lengths than it was built for', () => {
    const layer = tfl.multiHeadAttention({ numHeads: 2, keyDim: 4 });
    const x = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 1);
    const y = layer.apply([x, x]) as Tensor;
    expect(y.shape).toEqual([2, 5, 8]);
    const x2 = tf.randomNormal([3, 4, 8], 0, 1, 'float32', 2);
    const y2 = layer.apply([x2, x2]) as Tensor;
    expect(y2.shape).toEqual([3, 4, 8]);
    const x3 = tf.randomNormal([3, 4, 6], 0, 1, 'float32', 3);
    expect(() => layer.apply([x3, x3])).toThrow(/weight 'query\/kernel' shaped \[6, 2, 4\], but it is \[8, 2, 4\]/);
    tf.dispose([x, y, x2, y2, x3]);
  });

  it('reads a 0/1 float mask as bool', () => {
    const layer = tfl.multiHeadAttention({ numHeads: 1, keyDim: 4, inputs: ['query', 'value', 'attention_mask'] });
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 5);
    const m = tf.tensor3d([
      [
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 1],
      ],
      [
        [1, 1, 1],
        [0, 1, 1],
        [0, 0, 1],
      ],
    ]);
    const fromFloat = layer.apply([x, x, m]) as Tensor;
    const fromBool = layer.apply([x, x, tf.cast(m, 'bool')]) as Tensor;
    expect(Array.from(fromFloat.dataSync())).toEqual(Array.from(fromBool.dataSync()));
    tf.dispose([x, m, fromFloat, fromBool]);
  });

  it('turns dropout on in training mode only (apply and fit)', async () => {
    const layer = tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, dropout: 0.5 });
    const q = tf.input({ shape: [6, 8] });
    const model = tf.model({ inputs: q, outputs: tf.layers.flatten().apply(layer.apply([q, q])) as tf.SymbolicTensor });
    const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 9);
    const values = (t: Tensor | Tensor[]) => Array.from(asList(t)[0]!.dataSync());
    const train1 = values(layer.apply([x, x], { training: true }) as Tensor);
    const train2 = values(layer.apply([x, x], { training: true }) as Tensor);
    const infer1 = values(layer.apply([x, x]) as Tensor);
    const infer2 = values(layer.apply([x, x], { training: false }) as Tensor);
    expect(train1).not.toEqual(train2);
    expect(train1).not.toEqual(infer1);
    expect(infer1).toEqual(infer2);
    expect(values(model.predict(x) as Tensor)).toEqual(values(model.predict(x) as Tensor));

    const seen: unknown[] = [];
    layer.setCallHook((_inputs, kwargs) => void seen.push(kwargs['training']));
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await model.fit(x, tf.zeros([2, 48]), { epochs: 1, verbose: 0 });
    model.predict(x);
    layer.clearCallHook();
    // fit passes training: true; predict passes nothing, which means inference.
    expect(seen).toEqual([true, undefined]);
  });

  it('leaves no tensor behind: 50 predictions of MHA + LayerNorm + RNN', () => {
    const x = tf.input({ shape: [5, 8] });
    const m = tf.input({ shape: [5, 5], dtype: 'bool' });
    const attended = tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, inputs: ['query', 'value', 'attention_mask'] }).apply([x, x, m]);
    const normalized = tfl.layerNormalization().apply(attended) as tf.SymbolicTensor;
    const y = tfl.rnn({ cell: new GRUCell({ units: 3 }) }).apply(normalized) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [x, m], outputs: y });
    const xs = [tf.randomNormal([2, 5, 8]), tf.cast(tf.ones([2, 5, 5]), 'bool')];
    tf.dispose(model.predict(xs) as Tensor); // first call builds and caches what it needs
    const before = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) tf.dispose(model.predict(xs) as Tensor);
    expect(tf.memory().numTensors).toBe(before);
    // An error inside the layer's graph leaks nothing either.
    const bad = [tf.randomNormal([2, 5, 8]), tf.cast(tf.ones([2, 4, 5]), 'bool')];
    const beforeError = tf.memory().numTensors;
    expect(() => model.predict(bad)).toThrow();
    expect(tf.memory().numTensors).toBe(beforeError);
    tf.dispose([...xs, ...bad]);
  });

  it('names the layer, the input and the choices in its errors', () => {
    expect(() => tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, inputs: ['query', 'mask'] })).toThrow(
      /LayerspecMultiHeadAttention '.*': config 'inputs': unknown input 'mask' \(inputs: query, value, key, attention_mask\)/,
    );
    expect(() => tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, inputs: ['query'] })).toThrow(
      /config 'inputs' must include the required input\(s\) 'value'/,
    );
    expect(() => tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, inputs: ['query', 'value', 'query'] })).toThrow(/names 'query' twice/);
    // A spec config error comes from the spec layer, naming the key.
    expect(() => tfl.multiHeadAttention({ numHeads: 0, keyDim: 4 })).toThrow(LayerspecError);
    expect(() => tfl.multiHeadAttention({ numHeads: 0, keyDim: 4 })).toThrow(/config 'numHeads' must be >= 1/);
    const layer = tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, name: 'attn' });
    const q = tf.input({ shape: [5, 8] });
    expect(() => layer.apply([q])).toThrow(/LayerspecMultiHeadAttention 'attn': expects 2 input\(s\) \(query, value\), got 1/);
    const symbolicFeatures = tf.input({ shape: [5, null] });
    expect(() => tfl.layerNormalization().apply(symbolicFeatures)).toThrow(
      /input 'input' dim 2 .*sizes a weight, so it must be a number, got 'dim0_2'/,
    );
  });
});
