import { describe, expect, it } from 'vitest';
import {
  GRUCell,
  LSTMCell,
  LayerNormalization,
  LayerspecError,
  MultiHeadAttention,
  RNN,
  ScaledDotProductAttention,
  SimpleRNNCell,
  type Graph,
  type HostTensor,
  type Layer,
} from '@layerspec/spec';
import { BACKENDS, TOLERANCE, boolTensor, fixture, maxScaledDiff, runOn } from '../testing/fixtures.js';
import { fromTorch, toTorch } from './table.js';

type Case = {
  name: string;
  layer: Layer<object, object>;
  graph: Graph;
  inputs: Record<string, HostTensor>;
  /** layerspec output name -> torch output name in the .io file. */
  expected: Record<string, string>;
};

function mhaCases(): Case[] {
  const io = fixture('torch/mha.io.safetensors');
  const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
  const kpm = io['key_padding_mask']!;
  const f32 = (shape: (number | string)[]) => ({ dtype: 'float32' as const, shape });
  const padded = layer.build({
    query: f32(['batch', 3, 8]),
    value: f32(['batch', 4, 8]),
    attention_mask: { dtype: 'bool', shape: ['batch', 1, 4] },
  });
  const causal = layer.build({ query: f32(['batch', 3, 8]), value: f32(['batch', 3, 8]) }, { useCausalMask: true });
  const cross = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
  const crossIo = fixture('torch/mha_kdim.io.safetensors');
  return [
    {
      name: 'mha',
      layer,
      graph: padded,
      expected: { output: 'output' },
      inputs: {
        query: io['query']!,
        value: io['key_value']!,
        attention_mask: boolTensor(
          Array.from(kpm.data, (v) => 1 - v),
          [2, 1, 4],
        ),
      },
    },
    { name: 'mha', layer, graph: causal, expected: { output: 'output_causal' }, inputs: { query: io['query']!, value: io['query']! } },
    {
      name: 'mha_kdim',
      layer: cross,
      expected: { output: 'output' },
      graph: cross.build({ query: f32(['batch', 3, 8]), key: f32(['batch', 4, 5]), value: f32(['batch', 4, 6]) }),
      inputs: { query: crossIo['query']!, key: crossIo['key']!, value: crossIo['value']! },
    },
  ];
}

function recurrentCases(): Case[] {
  const cells = {
    lstm: () => new LSTMCell({ units: 4 }),
    gru: () => new GRUCell({ units: 4 }),
    rnn: () => new SimpleRNNCell({ units: 4 }),
  };
  const cases: Case[] = [];
  for (const [name, makeCell] of Object.entries(cells)) {
    const io = fixture(`torch/${name}.io.safetensors`);
    const lstm = name === 'lstm';
    const types = {
      inputs: { dtype: 'float32' as const, shape: ['batch', 'time', 3] },
      initial_state_h: { dtype: 'float32' as const, shape: ['batch', 4] },
      ...(lstm ? { initial_state_c: { dtype: 'float32' as const, shape: ['batch', 4] } } : {}),
    };
    const inputs = { inputs: io['input']!, initial_state_h: io['h_0']!, ...(lstm ? { initial_state_c: io['c_0']! } : {}) };
    const forward = new RNN({ cell: makeCell(), returnSequences: true, returnState: true });
    cases.push({
      name,
      layer: forward,
      graph: forward.build(types),
      inputs,
      expected: { output: 'output', state_h: 'h_n', ...(lstm ? { state_c: 'c_n' } : {}) },
    });
    const backwards = new RNN({ cell: makeCell(), returnSequences: true, goBackwards: true });
    cases.push({ name, layer: backwards, graph: backwards.build(types), inputs, expected: { output: 'output_backwards' } });

    const cellIo = fixture(`torch/${name}_cell.io.safetensors`);
    const cell = makeCell();
    const f32 = (n: number) => ({ dtype: 'float32' as const, shape: ['batch', n] });
    cases.push({
      name: `${name}_cell`,
      layer: cell,
      graph: cell.build({ input: f32(3), state_h: f32(4), ...(lstm ? { state_c: f32(4) } : {}) }),
      inputs: { input: cellIo['input']!, state_h: cellIo['h']!, ...(lstm ? { state_c: cellIo['c']! } : {}) },
      expected: { state_h: 'h_next', ...(lstm ? { state_c: 'c_next' } : {}) },
    });
  }
  return cases;
}

function layerNormCase(): Case {
  const io = fixture('torch/layer_norm.io.safetensors');
  const layer = new LayerNormalization({ epsilon: 1e-3 });
  return {
    name: 'layer_norm',
    layer,
    graph: layer.build({ input: { dtype: 'float32', shape: ['batch', 3, 8] } }),
    inputs: { input: io['input']! },
    expected: { output: 'output' },
  };
}

const CASES = [...mhaCases(), ...recurrentCases(), layerNormCase()];

describe.each(BACKENDS)('torch state_dicts on %s', (backend) => {
  it.each(CASES.map((c, i) => [`${c.name} #${i}`, c] as const))('%s reproduces torch', async (_label, c) => {
    const weights = fromTorch(c.layer, fixture(`torch/${c.name}.safetensors`));
    const io = fixture(`torch/${c.name}.io.safetensors`);
    const outputs = await runOn(backend, c.graph, c.inputs, weights);
    for (const [ours, theirs] of Object.entries(c.expected)) {
      expect(maxScaledDiff(outputs[ours]!, io[theirs]!), `${ours} vs torch ${theirs}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

const bits = (t: HostTensor) => Array.from(new Uint32Array(new Float32Array(t.data).buffer));

function expectBitwise(got: Record<string, HostTensor>, want: Record<string, HostTensor>): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [k, t] of Object.entries(want)) {
    expect(got[k]!.shape, k).toEqual(t.shape);
    expect(bits(got[k]!), k).toEqual(bits(t));
  }
}

describe('toTorch inverts fromTorch', () => {
  const unique = CASES.filter((c, i) => CASES.findIndex((d) => d.name === c.name && d.layer.className === c.layer.className) === i);
  it.each(unique.map((c) => [`${c.name} (${c.layer.className})`, c] as const))('%s', (_label, c) => {
    const sd = fixture(`torch/${c.name}.safetensors`);
    const weights = fromTorch(c.layer, sd);
    expectBitwise(fromTorch(c.layer, toTorch(c.layer, weights)), weights);
    const back = toTorch(c.layer, weights);
    const summed = /^(lstm|rnn)/.test(c.name);
    if (!summed) {
      expectBitwise(back, sd);
      return;
    }
    // Keras keeps b_ih + b_hh: the inverse puts the sum in bias_ih and zeros in bias_hh.
    const suffix = c.name.endsWith('_cell') ? '' : '_l0';
    const sum = Float32Array.from(sd[`bias_ih${suffix}`]!.data, (v, i) => v + sd[`bias_hh${suffix}`]!.data[i]!);
    expectBitwise(back, {
      ...sd,
      [`bias_ih${suffix}`]: { dtype: 'float32', shape: [sum.length], data: sum },
      [`bias_hh${suffix}`]: { dtype: 'float32', shape: [sum.length], data: new Float32Array(sum.length) },
    });
  });
});

describe('fromTorch errors', () => {
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
  const sd = () => fixture('torch/mha.safetensors');
  const lstm = new RNN({ cell: new LSTMCell({ units: 4 }) });
  const lstmSd = () => fixture('torch/lstm.safetensors');
  const t = (shape: number[]): HostTensor => ({ dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  const cases: [string, () => unknown, RegExp][] = [
    [
      'a missing key',
      () => {
        const s = sd();
        delete s['out_proj.weight'];
        return fromTorch(mha, s);
      },
      /missing key 'out_proj.weight'/,
    ],
    [
      'a misshapen key',
      () => fromTorch(mha, { ...sd(), in_proj_weight: t([24, 4]) }),
      /'in_proj_weight' must have shape \[24, 8\], got \[24, 4\]/,
    ],
    ['an unexpected key', () => fromTorch(mha, { ...sd(), extra: t([1]) }), /unexpected key\(s\) 'extra'/],
    ['add_bias_kv', () => fromTorch(mha, { ...sd(), bias_k: t([1, 1, 8]), bias_v: t([1, 1, 8]) }), /add_bias_kv/],
    ['valueDim != keyDim', () => fromTorch(new MultiHeadAttention({ numHeads: 2, keyDim: 4, valueDim: 3 }), sd()), /one head size/],
    [
      'biases for a layer without',
      () => fromTorch(new MultiHeadAttention({ numHeads: 2, keyDim: 4, useBias: false }), sd()),
      /useBias: false/,
    ],
    ['num_layers > 1', () => fromTorch(lstm, { ...lstmSd(), weight_ih_l1: t([16, 4]) }), /num_layers > 1/],
    ['bidirectional', () => fromTorch(lstm, { ...lstmSd(), weight_ih_l0_reverse: t([16, 3]) }), /bidirectional/],
    ['proj_size', () => fromTorch(lstm, { ...lstmSd(), weight_hr_l0: t([2, 4]) }), /proj_size/],
    ['too few gate rows', () => fromTorch(new RNN({ cell: new LSTMCell({ units: 3 }) }), lstmSd()), /'weight_ih_l0' must have 12 rows/],
    [
      'GRU resetAfter: false',
      () => fromTorch(new RNN({ cell: new GRUCell({ units: 4, resetAfter: false }) }), fixture('torch/gru.safetensors')),
      /resetAfter: true/,
    ],
    [
      'a sigmoid SimpleRNN',
      () => fromTorch(new SimpleRNNCell({ units: 4, activation: 'sigmoid' }), fixture('torch/rnn_cell.safetensors')),
      /tanh or relu/,
    ],
    ['an empty state_dict', () => fromTorch(new LSTMCell({ units: 4 }), {}), /missing key 'weight_ih'/],
    ['a layer with no mapping', () => fromTorch(new ScaledDotProductAttention(), {}), /no torch mapping for ScaledDotProductAttention/],
    [
      'an int tensor',
      () => fromTorch(new LayerNormalization({}), { weight: { dtype: 'int32', shape: [8], data: new Int32Array(8) }, bias: t([8]) }),
      /must be float32/,
    ],
  ];
  it.each(cases)('%s', (_label, run, message) => {
    expect(run).toThrow(LayerspecError);
    expect(run).toThrow(message);
  });
});
