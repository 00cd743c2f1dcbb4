/**
 * The model building blocks as built graphs: weight names and shapes (docs/layers.md), outputs, config
 * and build errors, JSON round trips; and composition: `call`'s names, Sequential and Functional.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import { errorOf, paramShapes, summary } from '../testing/helpers.js';
import { bool, buildError, configError, expectRoundTrip, f32, i32 } from '../testing/layers.js';
import { Activation } from './activation.js';
import { Add } from './add.js';
import { Dense } from './dense.js';
import { Embedding } from './embedding.js';
import { Functional, type FunctionalArgs } from './functional.js';
import { snakeCase } from './layer.js';
import { LayerNormalization } from './layer-normalization.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { PositionEmbedding } from './position-embedding.js';
import { RotaryEmbedding } from './rotary-embedding.js';
import { Sequential } from './sequential.js';
import { SinePositionEncoding } from './sine-position-encoding.js';
import { TransformerDecoder } from './transformer-decoder.js';
import { TransformerEncoder } from './transformer-encoder.js';

const block = (prefix: string, d: number, h: number, ff: number, attention = ['self_attention']) => [
  ...attention.flatMap((a) => [
    [`${prefix}${a}/query/kernel`, [d, h, d / h]],
    [`${prefix}${a}/query/bias`, [h, d / h]],
    [`${prefix}${a}/key/kernel`, [d, h, d / h]],
    [`${prefix}${a}/key/bias`, [h, d / h]],
    [`${prefix}${a}/value/kernel`, [d, h, d / h]],
    [`${prefix}${a}/value/bias`, [h, d / h]],
    [`${prefix}${a}/attention_output/kernel`, [h, d / h, d]],
    [`${prefix}${a}/attention_output/bias`, [d]],
    [`${prefix}${a}_layer_norm/gamma`, [d]],
    [`${prefix}${a}_layer_norm/beta`, [d]],
  ]),
  [`${prefix}feedforward_intermediate_dense/kernel`, [d, ff]],
  [`${prefix}feedforward_intermediate_dense/bias`, [ff]],
  [`${prefix}feedforward_output_dense/kernel`, [ff, d]],
  [`${prefix}feedforward_output_dense/bias`, [d]],
  [`${prefix}feedforward_layer_norm/gamma`, [d]],
  [`${prefix}feedforward_layer_norm/beta`, [d]],
];

describe('the building blocks', () => {
  it('Dense: kernel (in, units) and bias on the last axis of any rank >= 2', () => {
    const g = new Dense({ units: 5 }).build({ input: f32('b', 'h', 'w', 3) });
    expect(paramShapes(g)).toEqual([
      ['kernel', [3, 5]],
      ['bias', [5]],
    ]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['b', 'h', 'w', 5]]]);
    expect(paramShapes(new Dense({ units: 2, useBias: false }).build({ input: f32(4, 3) }))).toEqual([['kernel', [3, 2]]]);
    expect(buildError(new Dense({ units: 2 }), { input: f32(3) })).toBe(
      "Dense: input 'input' must have rank 2 or 3 or 4 or 5 or 6 or 7 or 8, got rank 1 float32[3]",
    );
    expect(configError('Dense', { units: 2, activation: 'swish' })).toMatch(
      /^Dense: config 'activation' must be one of "linear", "relu", "gelu"/,
    );
    expectRoundTrip(new Dense({ units: 4, activation: 'gelu_approximate' }), { input: f32('b', 3) });
  });

  it('Embedding: int32 ids, weight embeddings, and a mask of non-zero ids with maskZero', () => {
    const g = new Embedding({ inputDim: 10, outputDim: 4, maskZero: true }).build({ input: i32('b', 't') });
    expect(paramShapes(g)).toEqual([['embeddings', [10, 4]]]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['b', 't', 4]],
      ['mask', 'bool', ['b', 't']],
    ]);
    expect(buildError(new Embedding({ inputDim: 10, outputDim: 4 }), { input: f32('b', 't') })).toBe(
      "Embedding: input 'input' must be int32, got float32[b, t]",
    );
    expectRoundTrip(new Embedding({ inputDim: 10, outputDim: 4 }), { input: i32(2) });
  });

  it('positions: no weights for the sines, a (sequenceLength, D) table for the learned ones', () => {
    const sine = new SinePositionEncoding().build({ input: f32('b', 't', 6) });
    expect(sine.params).toEqual([]);
    expect(summary(sine.outputs)).toEqual([['output', 'float32', ['b', 't', 6]]]);
    const learned = new PositionEmbedding({ sequenceLength: 8 }).build({ input: f32('b', 't', 6) });
    expect(paramShapes(learned)).toEqual([['embeddings', [8, 6]]]);
    expect(buildError(new PositionEmbedding({ sequenceLength: 4 }), { input: f32(2, 5, 6) })).toBe(
      "PositionEmbedding: input 'input' has 5 positions (axis -2), more than sequenceLength 4",
    );
  });

  it('RotaryEmbedding: a composite region (input, cos, sin), native from opset 23; even feature sizes only', () => {
    const g = new RotaryEmbedding({ interleaved: true }).build(
      { input: f32('b', 2, 't', 8), position_ids: i32('b', 't') },
      { startIndex: 3 },
    );
    expect(g.params).toEqual([]);
    expect(g.composites?.map((c) => [c.op, c.sinceOpset, c.inputs.length, c.attrs])).toEqual([
      ['RotaryEmbedding', 23, 3, { interleaved: 1 }],
    ]);
    const three = new RotaryEmbedding().build({ input: f32('b', 't', 4) });
    expect(three.composites?.[0]?.attrs).toEqual({ interleaved: 0, num_heads: 1 });
    expect(buildError(new RotaryEmbedding(), { input: f32(1, 2, 5) })).toBe(
      "RotaryEmbedding: input 'input' feature size (last dim) must be even, got 5",
    );
    expect(buildError(new RotaryEmbedding(), { input: f32(1, 3, 4), position_ids: i32(1, 2) })).toMatch(
      /^RotaryEmbedding: input 'position_ids' dim 1 must be 3/,
    );
  });

  it('Activation, Add: shapes and broadcasting', () => {
    expect(summary(new Activation({ activation: 'softmax' }).build({ input: f32('b', 3) }).outputs)).toEqual([
      ['output', 'float32', ['b', 3]],
    ]);
    const sum = new Add().build({ input_0: f32('b', 1, 4), input_1: f32(3, 1), input_2: f32(4) });
    expect(summary(sum.outputs)).toEqual([['output', 'float32', ['b', 3, 4]]]);
    expect(buildError(new Add(), { input_0: f32(2) })).toBe("Add: input 'input_1' is required");
    expect(errorOf(() => new Add().build({ input_0: f32(2), input_1: f32(3) }))).toMatch(/cannot broadcast|broadcast/);
  });
});

describe('the Transformer blocks', () => {
  it("TransformerEncoder: keras-hub's weight names, in post-LN order", () => {
    const g = new TransformerEncoder({ intermediateDim: 12, numHeads: 2 }).build({ input: f32('b', 't', 8), padding_mask: bool('b', 't') });
    expect(paramShapes(g)).toEqual(block('', 8, 2, 12));
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['b', 't', 8]]]);
    expectRoundTrip(new TransformerEncoder({ intermediateDim: 12, numHeads: 2, normalizeFirst: true, activation: 'gelu' }), {
      input: f32('b', 't', 8),
    });
  });

  it('TransformerDecoder: adds cross_attention and its layer norm; the encoder sequence may be longer and wider', () => {
    const g = new TransformerDecoder({ intermediateDim: 12, numHeads: 2 }).build({
      input: f32('b', 't', 8),
      encoder_sequence: f32('b', 's', 8),
    });
    const names = paramShapes(g)
      .map(([n]) => n)
      .sort();
    expect(names).toEqual(
      block('', 8, 2, 12, ['self_attention', 'cross_attention'])
        .map(([n]) => n)
        .sort(),
    );
    const wide = new TransformerDecoder({ intermediateDim: 4, numHeads: 2 }).build({ input: f32(1, 3, 4), encoder_sequence: f32(1, 5, 6) });
    expect(paramShapes(wide).find(([n]) => n === 'cross_attention/key/kernel')).toEqual(['cross_attention/key/kernel', [6, 2, 2]]);
    expect(buildError(new TransformerDecoder({ intermediateDim: 4, numHeads: 2 }), { input: f32(1, 3, 4) })).toBe(
      "TransformerDecoder: input 'encoder_sequence' is required",
    );
  });
});

describe('composition', () => {
  it('call scopes each layer under a unique Keras-style name, or the name given', () => {
    expect(['MultiHeadAttention', 'RMSNormalization', 'LSTMCell', 'Dense', 'RNN'].map(snakeCase)).toEqual([
      'multi_head_attention',
      'rms_normalization',
      'lstm_cell',
      'dense',
      'rnn',
    ]);
    const b = new GraphBuilder('two blocks');
    const x = b.input('x', f32(2, 3, 8));
    const one = new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).call(b, { query: x, value: x })['output']!;
    const two = new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).call(b, { query: one, value: one })['output']!;
    new LayerNormalization().call(b, { input: two }, {}, 'final_norm');
    const names = b.build().params.map((p) => p.name);
    expect(names.filter((n) => n.endsWith('query/kernel'))).toEqual([
      'multi_head_attention/query/kernel',
      'multi_head_attention_1/query/kernel',
    ]);
    expect(names).toContain('final_norm/gamma');
  });

  it('a name used twice, or one layer object called twice, is an error', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2, 4));
    const dense = new Dense({ units: 4 });
    dense.call(b, { input: x }, {}, 'proj');
    expect(errorOf(() => new Dense({ units: 4 }).call(b, { input: x }, {}, 'proj'))).toBe(
      "Dense: the name 'proj' is already used in this graph",
    );
    expect(errorOf(() => dense.call(b, { input: x }))).toBe(
      'Dense: this layer object is already called in this graph; weights are not shared: call a new layer',
    );
  });

  it('Sequential: unique names by order, the first layer sets the input, JSON round trip', () => {
    const model = new Sequential([
      new Embedding({ inputDim: 5, outputDim: 4 }),
      new Dense({ units: 4 }),
      new LayerNormalization(),
      new Dense({ units: 2 }),
    ]);
    const g = model.build({ input: i32('b', 't') });
    expect(g.params.map((p) => p.name)).toEqual([
      'embedding/embeddings',
      'dense/kernel',
      'dense/bias',
      'layer_normalization/gamma',
      'layer_normalization/beta',
      'dense_1/kernel',
      'dense_1/bias',
    ]);
    expect(model.inputs()).toEqual([{ name: 'input', dtype: 'int32', optional: false }]);
    expectRoundTrip(model, { input: i32('b', 't') });
    expect(errorOf(() => new Sequential([new MultiHeadAttention({ numHeads: 1, keyDim: 2 })]))).toBe(
      "Sequential: layer 0 (MultiHeadAttention) must take one input named 'input', it takes query, value, key, attention_mask",
    );
    expect(configError('Sequential', { layers: [] })).toBe("Sequential: config 'layers' must be a non-empty list of layers, got []");
  });

  it('Functional: named inputs and outputs, calls scoped by their names, JSON round trip, reference errors', () => {
    const args: FunctionalArgs = {
      inputTypes: { ids: { dtype: 'int32' as const, rank: 2 } },
      layers: [
        { name: 'embed', layer: new Embedding({ inputDim: 9, outputDim: 8, maskZero: true }), inputs: { input: 'ids' } },
        {
          name: 'enc',
          layer: new TransformerEncoder({ intermediateDim: 4, numHeads: 2 }),
          inputs: { input: 'embed', padding_mask: 'embed:mask' },
        },
      ],
      outputs: { features: 'enc', mask: 'embed:mask' },
    };
    const model = new Functional(args);
    const g = model.build({ ids: i32('b', 't') });
    expect(g.params.map((p) => p.name)).toEqual(['embed/embeddings', ...block('enc/', 8, 2, 4).map(([n]) => n)]);
    expect(summary(g.outputs)).toEqual([
      ['features', 'float32', ['b', 't', 8]],
      ['mask', 'bool', ['b', 't']],
    ]);
    expectRoundTrip(model, { ids: i32('b', 't') });
    expect(errorOf(() => new Functional({ ...args, outputs: { y: 'dense' } }))).toBe(
      "Functional: output 'y' reads 'dense', which is no model input or earlier layer (known: ids, embed, enc)",
    );
    expect(errorOf(() => new Functional({ ...args, layers: [args.layers[0]!, { ...args.layers[1]!, name: 'embed' }] }))).toBe(
      "Functional: the name 'embed' is used twice",
    );
    expect(buildError(model, { ids: i32('b') })).toBe("Functional: input 'ids' must have rank 2, got rank 1 int32[b]");
  });
});
