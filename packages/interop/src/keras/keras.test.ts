import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import {
  GRUCell,
  LSTMCell,
  LayerNormalization,
  LayerspecError,
  MultiHeadAttention,
  RNN,
  SequenceAttention,
  SimpleRNNCell,
  type HostTensor,
  type Layer,
  type TensorType,
} from '@layerspec/spec';
import { BACKENDS, TOLERANCE, fixture, fixtureBytes, maxScaledDiff, runOn } from '../testing/fixtures.js';
import { fromTorch } from '../torch/table.js';
import { readKerasWeights } from './read.js';

const f32 = (...shape: (number | string)[]): TensorType => ({ dtype: 'float32', shape });

interface KerasCase {
  label: string;
  layer: Layer<object, object>;
  /** The torch fixture with the same weights (the Keras file was written from it). */
  torch?: string;
  types: Record<string, TensorType>;
  inputs: () => Record<string, HostTensor>;
  expected: () => Record<string, HostTensor>;
}

function recurrent(name: string, cell: () => LSTMCell | GRUCell | SimpleRNNCell): KerasCase {
  const lstm = name === 'lstm';
  const io = () => fixture(`torch/${name}.io.safetensors`);
  return {
    label: name,
    torch: name,
    layer: new RNN({ cell: cell(), returnSequences: true, returnState: true }),
    types: { inputs: f32('batch', 'time', 3), initial_state_h: f32('batch', 4), ...(lstm ? { initial_state_c: f32('batch', 4) } : {}) },
    inputs: () => ({ inputs: io()['input']!, initial_state_h: io()['h_0']!, ...(lstm ? { initial_state_c: io()['c_0']! } : {}) }),
    expected: () => ({ output: io()['output']!, state_h: io()['h_n']!, ...(lstm ? { state_c: io()['c_n']! } : {}) }),
  };
}

const CASES: KerasCase[] = [
  {
    label: 'multi_head_attention',
    torch: 'mha',
    layer: new MultiHeadAttention({ numHeads: 2, keyDim: 4 }),
    types: { query: f32('batch', 3, 8), value: f32('batch', 3, 8) },
    inputs: () => ({ query: fixture('torch/mha.io.safetensors')['query']!, value: fixture('torch/mha.io.safetensors')['query']! }),
    // Torch's causal run: the same self-attention without the mask is checked through the causal build below.
    expected: () => ({ output: fixture('torch/mha.io.safetensors')['output_causal']! }),
  },
  {
    label: 'layer_normalization',
    layer: new LayerNormalization({ epsilon: 1e-3 }),
    types: { input: f32('batch', 3, 8) },
    inputs: () => ({ input: fixture('keras/expected.safetensors')['layer_norm_input']! }),
    expected: () => ({ output: fixture('keras/expected.safetensors')['layer_norm_output']! }),
  },
  recurrent('lstm', () => new LSTMCell({ units: 4 })),
  recurrent('gru', () => new GRUCell({ units: 4 })),
  recurrent('rnn', () => new SimpleRNNCell({ units: 4 })),
];

const FILES = ['keras/model.weights.h5', 'keras/model.keras'];

describe.each(FILES)('readKerasWeights(%s)', (file) => {
  it.each(CASES.filter((c) => c.torch).map((c) => [c.label, c] as const))(
    '%s: the same weights as fromTorch of the module it was saved from',
    (_l, c) => {
      const keras = readKerasWeights(fixtureBytes(file), c.layer);
      const torch = fromTorch(c.layer, fixture(`torch/${c.torch!}.safetensors`));
      expect(Object.keys(keras).sort()).toEqual(Object.keys(torch).sort());
      for (const [k, t] of Object.entries(torch)) {
        expect(keras[k]!.shape, k).toEqual(t.shape);
        expect(Array.from(keras[k]!.data), k).toEqual(Array.from(t.data));
      }
    },
  );

  describe.each(BACKENDS)('on %s', (backend) => {
    it.each(CASES.map((c) => [c.label, c] as const))('%s reproduces torch', async (_l, c) => {
      const options = c.layer instanceof MultiHeadAttention ? { useCausalMask: true } : {};
      const graph = c.layer.build(c.types, options);
      const outputs = await runOn(backend, graph, c.inputs(), readKerasWeights(fixtureBytes(file), c.layer));
      for (const [name, want] of Object.entries(c.expected())) {
        expect(maxScaledDiff(outputs[name]!, want), name).toBeLessThanOrEqual(TOLERANCE);
      }
    });
  });
});

describe('readKerasWeights errors', () => {
  const h5 = fixtureBytes('keras/model.weights.h5');
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
  const cases: [string, () => unknown, RegExp][] = [
    ['bytes that are neither HDF5 nor zip', () => readKerasWeights(new Uint8Array(64), mha), /neither an HDF5 file/],
    ['a truncated HDF5 file', () => readKerasWeights(h5.slice(0, 2000), mha), /could not read/],
    [
      'a .keras archive without weights',
      () => readKerasWeights(zipSync({ 'config.json': new TextEncoder().encode('{}') }), mha),
      /no model.weights.h5/,
    ],
    [
      'a path that is not in the file',
      () => readKerasWeights(h5, mha, { path: 'layers/multi_head_attention_3' }),
      /no group 'layers\/multi_head_attention_3'/,
    ],
    ['a layer kind with no Keras layout', () => readKerasWeights(h5, new SequenceAttention({})), /no Keras layout for SequenceAttention/],
    [
      'a layer the weights do not fit',
      () => readKerasWeights(h5, new MultiHeadAttention({ numHeads: 4, keyDim: 2 })),
      /'query\/kernel' must have shape \[\*, 4, 2\], got \[8, 2, 4\]/,
    ],
    [
      'a layer with fewer variables',
      () => readKerasWeights(h5, new MultiHeadAttention({ numHeads: 2, keyDim: 4, useBias: false })),
      /holds 2 variable\(s\)/,
    ],
    [
      'a cell of another size',
      () => readKerasWeights(h5, new RNN({ cell: new LSTMCell({ units: 5 }) })),
      /RNN weight 'kernel' must have shape \[\*, 20\], got \[3, 16\]/,
    ],
  ];
  it.each(cases)('%s', (_label, run, message) => {
    expect(run).toThrow(LayerspecError);
    expect(run).toThrow(message);
  });

  it.each(FILES)('a damaged %s gives only LayerspecErrors', (file) => {
    const h5 = fixtureBytes(file);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: h5.length }),
        fc.array(fc.tuple(fc.nat({ max: h5.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        (length, edits) => {
          const bytes = h5.slice(0, length);
          for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
          try {
            readKerasWeights(bytes, new LayerNormalization({}));
          } catch (e) {
            expect(e).toBeInstanceOf(LayerspecError);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
