/**
 * Every spec layer as a tf.layers.Layer on the tfjs 'cpu' backend: functional-API use with symbolic tensors,
 * output shapes, predictions equal to the reference engine's for the same weights, and save/load round trips.
 * The rest of what a SpecLayer does (weights, direct calls, training mode, memory, errors) is checked in
 * spec-layer-api.test.ts.
 *
 * Tolerance against the reference engine: |tfjs - ref| <= 1e-5 * max(1, |ref|) (relative for values above
 * 1, absolute below, where attention weights near 0 make a relative error meaningless). tfjs rounds to
 * float32 after every op, the reference engine once at the end; the largest error seen here is ~2e-7.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRUCell, LSTMCell, layerFromJSON, type HostTensor, type TensorType } from '@layerspec/spec';
import { backend as refBackend } from '@layerspec/backend-ref';
import { toHostTensor } from '../backend.js';
import { useRuntime } from '../runtime.js';
import { tf, type Tensor } from '../tf.js';
import { SpecLayer, exportWeights, tfl } from './index.js';

const RTOL = 1e-5;
const BATCH = 3;
/** The concrete size of a null (symbolic) non-batch dim in the test data. */
const FREE_DIM = 6;

type InputSpec = { shape: (number | null)[]; dtype?: 'bool' };

interface Case {
  name: string;
  make: () => SpecLayer;
  inputs: InputSpec[];
  /** Output shapes of the symbolic outputs, batch included. */
  outputs: (number | null)[][];
}

const f = (...shape: (number | null)[]): InputSpec => ({ shape });
const mask = (...shape: (number | null)[]): InputSpec => ({ shape, dtype: 'bool' });

const CASES: Case[] = [
  {
    name: 'ScaledDotProductAttention, causal, bool mask, scores',
    make: () =>
      tfl.scaledDotProductAttention({ causal: true, inputs: ['query', 'key', 'value', 'attention_mask'], returnAttentionScores: true }),
    inputs: [f(5, 4), f(6, 4), f(6, 3), mask(5, 6)],
    outputs: [
      [null, 5, 3],
      [null, 5, 6],
    ],
  },
  {
    name: 'ScaledDotProductAttention, grouped-query heads',
    make: () => tfl.scaledDotProductAttention({ softcap: 5 }),
    inputs: [f(4, 5, 8), f(2, 6, 8), f(2, 6, 8)],
    outputs: [[null, 4, 5, 8]],
  },
  {
    name: 'MultiHeadAttention, bool mask input, scores',
    make: () =>
      tfl.multiHeadAttention({ numHeads: 2, keyDim: 4, inputs: ['query', 'value', 'attention_mask'], returnAttentionScores: true }),
    inputs: [f(5, 8), f(7, 8), mask(5, 7)],
    outputs: [
      [null, 5, 8],
      [null, 2, 5, 7],
    ],
  },
  {
    name: 'MultiHeadAttention, causal, key input, valueDim and outputShape',
    make: () =>
      tfl.multiHeadAttention({
        numHeads: 3,
        keyDim: 2,
        valueDim: 5,
        outputShape: 6,
        useCausalMask: true,
        inputs: ['query', 'value', 'key'],
      }),
    inputs: [f(4, 8), f(4, 6), f(4, 7)],
    outputs: [[null, 4, 6]],
  },
  {
    name: 'MultiHeadAttention, symbolic sequence lengths',
    make: () => tfl.multiHeadAttention({ numHeads: 2, keyDim: 3 }),
    inputs: [f(null, 8), f(null, 5)],
    outputs: [[null, null, 8]],
  },
  { name: 'LayerNormalization', make: () => tfl.layerNormalization(), inputs: [f(5, 8)], outputs: [[null, 5, 8]] },
  {
    name: 'LayerNormalization over two axes',
    make: () => tfl.layerNormalization({ axis: [1, 2], epsilon: 1e-5 }),
    inputs: [f(5, 8)],
    outputs: [[null, 5, 8]],
  },
  { name: 'RMSNormalization', make: () => tfl.rmsNormalization(), inputs: [f(5, 8)], outputs: [[null, 5, 8]] },
  {
    name: 'SequenceAttention, concat score, masks, attentional output, scores',
    make: () =>
      tfl.sequenceAttention({
        score: 'concat',
        units: 4,
        attentionalUnits: 5,
        inputs: ['query', 'value', 'value_mask', 'query_mask'],
        returnAttentionScores: true,
      }),
    inputs: [f(5, 6), f(7, 8), mask(7), mask(5)],
    outputs: [
      [null, 5, 5],
      [null, 5, 7],
    ],
  },
  {
    name: 'SequenceAttention, general score, scale',
    make: () => tfl.sequenceAttention({ score: 'general', useScale: true, causal: true }),
    inputs: [f(5, 6), f(5, 8)],
    outputs: [[null, 5, 8]],
  },
  {
    name: 'SimpleRNNCell (one step)',
    make: () => tfl.simpleRNNCell({ units: 4, activation: 'relu' }),
    inputs: [f(3), f(4)],
    outputs: [
      [null, 4],
      [null, 4],
    ],
  },
  {
    name: 'LSTMCell (one step)',
    make: () => tfl.lstmCell({ units: 4 }),
    inputs: [f(3), f(4), f(4)],
    outputs: [
      [null, 4],
      [null, 4],
      [null, 4],
    ],
  },
  {
    name: 'GRUCell (one step)',
    make: () => tfl.gruCell({ units: 4, resetAfter: false }),
    inputs: [f(3), f(4)],
    outputs: [
      [null, 4],
      [null, 4],
    ],
  },
  {
    name: 'RNN(LSTMCell), symbolic time, sequence mask, sequences and states',
    make: () =>
      tfl.rnn({ cell: new LSTMCell({ units: 4 }), returnSequences: true, returnState: true, inputs: ['inputs', 'sequence_mask'] }),
    inputs: [f(null, 3), mask(null)],
    outputs: [
      [null, null, 4],
      [null, 4],
      [null, 4],
    ],
  },
  {
    name: 'RNN(GRUCell), backwards, last output',
    make: () => tfl.rnn({ cell: new GRUCell({ units: 4 }), goBackwards: true }),
    inputs: [f(6, 3)],
    outputs: [[null, 4]],
  },
  {
    name: 'AttentionWrapper(GRUCell), bahdanau, memory and mask, attention',
    make: () =>
      tfl.attentionWrapper({ cell: new GRUCell({ units: 4 }), returnAttention: true, inputs: ['inputs', 'memory', 'memory_mask'] }),
    inputs: [f(6, 3), f(5, 7), mask(5)],
    outputs: [
      [null, 6, 4],
      [null, 6, 5],
    ],
  },
  {
    name: 'AttentionWrapper(LSTMCell), luong general, states',
    make: () =>
      tfl.attentionWrapper({
        cell: new LSTMCell({ units: 4 }),
        mechanism: 'luong',
        score: 'general',
        returnState: true,
        inputs: ['inputs', 'memory'],
      }),
    inputs: [f(6, 3), f(5, 7)],
    outputs: [
      [null, 6, 4],
      [null, 4],
      [null, 4],
    ],
  },
];

let seedCounter = 1;
let worstSeen = 0;

/** Seeded data: normal floats, or a bool mask with ~70% true. */
function data(spec: InputSpec): Tensor {
  const shape = [BATCH, ...spec.shape.map((d) => d ?? FREE_DIM)];
  const seed = seedCounter++;
  if (spec.dtype === 'bool') return tf.tidy(() => tf.greater(tf.randomUniform(shape, 0, 1, 'float32', seed), 0.3));
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

const asList = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

/** The layer's outputs on the reference engine, from the same spec config and `exportWeights`. */
async function refOutputs(layer: SpecLayer, xs: readonly Tensor[], training = false): Promise<HostTensor[]> {
  const types: Record<string, TensorType> = {};
  const inputs: Record<string, HostTensor> = {};
  for (const [i, name] of layer.inputNames.entries()) {
    const dtype = layer.graph.inputs.find((v) => v.name === name)!.type.dtype;
    types[name] = { dtype, shape: [...xs[i]!.shape] };
    inputs[name] = await toHostTensor(xs[i]!);
  }
  const graph = layerFromJSON(layer.specLayer.toJSON()).build(types, layer.buildOptions);
  const compiled = await refBackend.compile(graph, { training });
  const out = await compiled.run(inputs, exportWeights(layer));
  compiled.dispose();
  return graph.outputs.map((o) => out[o.name]!);
}

function expectClose(actual: Tensor, expected: HostTensor, what: string): number {
  expect(actual.shape, what).toEqual(expected.shape);
  const a = actual.dataSync();
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const e = expected.data[i]!;
    const err = Math.abs(a[i]! - e) / Math.max(1, Math.abs(e));
    if (!(err <= worst)) worst = err; // NaN-safe: a NaN error becomes the worst
  }
  expect(worst, `${what}: largest scaled error`).toBeLessThanOrEqual(RTOL);
  worstSeen = Math.max(worstSeen, worst);
  return worst;
}

async function saveAndLoad(model: tf.LayersModel): Promise<{ model: tf.LayersModel; artifacts: tf.io.ModelArtifacts }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      // Through JSON text, as a file would be.
      artifacts = { ...a, modelTopology: JSON.parse(JSON.stringify(a.modelTopology)) as object };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return { model: await tf.loadLayersModel(tf.io.fromMemory(artifacts!)), artifacts: artifacts! };
}

function functional(c: Case): { model: tf.LayersModel; layer: SpecLayer; outputs: tf.SymbolicTensor[] } {
  const inputs = c.inputs.map((s) => tf.input({ shape: s.shape, dtype: s.dtype ?? 'float32' }));
  const layer = c.make();
  const outputs = asList(layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tf.SymbolicTensor | tf.SymbolicTensor[]);
  return { model: tf.model({ inputs, outputs }), layer, outputs };
}

beforeAll(async () => {
  await useRuntime('cpu');
});

afterAll(() => {
  console.log(`largest scaled error against the reference engine: ${worstSeen.toExponential(2)} (bound ${RTOL})`);
});

describe.each(CASES)('$name', (c) => {
  it('works in a functional model: shapes, reference-engine parity, save and load', async () => {
    const { model, layer, outputs } = functional(c);
    expect(outputs.map((o) => o.shape)).toEqual(c.outputs);
    expect(layer.computeOutputShape(c.inputs.map((s) => [null, ...s.shape]))).toEqual(c.outputs.length === 1 ? c.outputs[0] : c.outputs);

    const xs = c.inputs.map(data);
    const predicted = asList(model.predict(xs) as Tensor | Tensor[]);
    const expected = await refOutputs(layer, xs);
    expect(predicted.length).toBe(expected.length);
    predicted.forEach((p, i) => expectClose(p, expected[i]!, `output ${i}`));

    const { model: loaded } = await saveAndLoad(model);
    const reloadedLayer = loaded.layers.find((l) => l instanceof SpecLayer)!;
    expect(reloadedLayer.getClassName()).toBe(layer.getClassName());
    expect(reloadedLayer.getConfig()).toEqual(layer.getConfig());
    const again = asList(loaded.predict(xs) as Tensor | Tensor[]);
    again.forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(Array.from(predicted[i]!.dataSync())));
    tf.dispose([...xs, ...predicted, ...again]);
    model.dispose();
    loaded.dispose();
  });
});

describe('SpecLayer', () => {
  it('is a layer in tf.sequential (LayerNormalization) and matches the reference engine', async () => {
    const ln = tfl.layerNormalization({ inputShape: [5, 8], epsilon: 1e-5 });
    const model = tf.sequential({ layers: [ln, tf.layers.dense({ units: 3 })] });
    expect(model.outputShape).toEqual([null, 5, 3]);
    const x = tf.randomNormal([4, 5, 8], 2, 3, 'float32', 7);
    const normalized = ln.apply(x) as Tensor;
    expectClose(normalized, (await refOutputs(ln, [x]))[0]!, 'layer norm');
    const y = model.predict(x) as Tensor;
    expect(y.shape).toEqual([4, 5, 3]);
    tf.dispose([x, normalized, y]);
  });
});
