import { describe, it, expect } from 'vitest';
import { graphToJSON } from '../graph/serialize.js';
import type { Graph } from '../graph/types.js';
import { initWeights } from '../init/init-weights.js';
import { errorOf, paramShapes, summary } from '../testing/helpers.js';
import type { Dim, TensorType } from '../types.js';
import { LayerNormalization } from './layer-normalization.js';
import type { Layer } from './layer.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { layerClassNames, layerFromJSON } from './registry.js';
import { RMSNormalization } from './rms-normalization.js';
import { ScaledDotProductAttention } from './scaled-dot-product-attention.js';
import { SequenceAttention } from './sequence-attention.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });
const i32 = (...shape: Dim[]): TensorType => ({ dtype: 'int32', shape });
const bool = (...shape: Dim[]): TensorType => ({ dtype: 'bool', shape });

/** Config errors through the JSON path, where no TypeScript type stops a bad value. */
const configError = (className: string, config: Record<string, unknown>): string => errorOf(() => layerFromJSON({ className, config }));

/** toJSON -> JSON text -> layerFromJSON gives the same config and the same graph. */
function expectRoundTrip(layer: Layer<object, object>, inputs: Record<string, TensorType>, options: object = {}): void {
  const json = JSON.parse(JSON.stringify(layer.toJSON())) as unknown;
  const again = layerFromJSON(JSON.stringify(json));
  expect(again.className).toBe(layer.className);
  expect(again.config).toEqual(layer.config);
  expect(again.toJSON()).toEqual(layer.toJSON());
  expect(graphToJSON(again.build(inputs, options))).toEqual(graphToJSON(layer.build(inputs, options)));
}

/** The float scalar a Constant node feeding `node.inputs[1]` holds. */
function scalarInput(g: Graph, nodeName: string): number {
  const n = g.nodes.find((x) => x.name === nodeName);
  const c = g.nodes.find((x) => x.outputs[0] === n?.inputs[1]);
  expect(c?.op).toBe('Constant');
  return c?.op === 'Constant' ? c.attrs.value.data[0]! : Number.NaN;
}

describe('ScaledDotProductAttention', () => {
  const sdpa = new ScaledDotProductAttention();
  const NAME = 'ScaledDotProductAttention';
  const qkv = { query: f32('batch', 5, 8), key: f32('batch', 7, 8), value: f32('batch', 7, 4) };

  it('builds inputs in the order given, no params, output and attention_scores', () => {
    const g = sdpa.build({ ...qkv, attention_bias: f32('batch', 1, 7), attention_mask: bool(5, 7) }, { returnAttentionScores: true });
    expect(summary(g.inputs)).toEqual([
      ['query', 'float32', ['batch', 5, 8]],
      ['key', 'float32', ['batch', 7, 8]],
      ['value', 'float32', ['batch', 7, 4]],
      ['attention_bias', 'float32', ['batch', 1, 7]],
      ['attention_mask', 'bool', [5, 7]],
    ]);
    expect(g.params).toEqual([]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['batch', 5, 4]],
      ['attention_scores', 'float32', ['batch', 5, 7]],
    ]);
  });

  it('keeps a different input order as given', () => {
    const g = sdpa.build({ value: qkv.value, query: qkv.query, key: qkv.key });
    expect(g.inputs.map((v) => v.name)).toEqual(['value', 'query', 'key']);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 5, 4]]]);
  });

  it('scales by 1/sqrt(dk) by default, or by the configured scale', () => {
    // The plain graph scales the product q k^T (the scale-before-product pass moves it onto q).
    const scaleOf = (g: Graph) => {
      const product = g.nodes.find((n) => n.op === 'MatMul' && n.inputs[0] === 'query');
      return scalarInput(g, g.nodes.find((n) => n.op === 'Mul' && n.inputs[0] === product?.outputs[0])!.name);
    };
    expect(scaleOf(sdpa.build(qkv))).toBeCloseTo(1 / Math.sqrt(8), 7);
    expect(scaleOf(new ScaledDotProductAttention({ scale: 0.5 }).build(qkv))).toBe(0.5);
  });

  it('takes any leading dims, and 4-D heads', () => {
    const g = sdpa.build({ query: f32('b', 2, 'tq', 8), key: f32('b', 2, 'tk', 8), value: f32('b', 2, 'tk', 3) }, { returnAttentionScores: true });
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['b', 2, 'tq', 3]],
      ['attention_scores', 'float32', ['b', 2, 'tq', 'tk']],
    ]);
    expect(summary(sdpa.build({ query: f32(5, 8), key: f32(7, 8), value: f32(7, 2) }).outputs)).toEqual([['output', 'float32', [5, 2]]]);
  });

  it('shares key/value heads for grouped-query attention', () => {
    const g = sdpa.build({ query: f32('b', 4, 5, 8), key: f32('b', 2, 'tk', 8), value: f32('b', 2, 'tk', 6) }, { returnAttentionScores: true });
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['b', 4, 5, 6]],
      ['attention_scores', 'float32', ['b', 4, 5, 'tk']],
    ]);
  });

  it('builds a constant causal mask in both alignments', () => {
    const mask = (causal: boolean | 'lowerRight'): number[] => {
      const g = new ScaledDotProductAttention({ causal }).build({ query: f32(1, 2, 4), key: f32(1, 4, 4), value: f32(1, 4, 4) });
      const c = g.nodes.find((n) => n.op === 'Constant' && n.attrs.value.dtype === 'bool');
      return c?.op === 'Constant' ? Array.from(c.attrs.value.data) : [];
    };
    expect(mask(true)).toEqual([1, 0, 0, 0, 1, 1, 0, 0]);
    expect(mask('lowerRight')).toEqual([1, 1, 1, 0, 1, 1, 1, 1]);
  });

  it('builds causal masks over symbolic lengths, and dropout only when asked', () => {
    for (const causal of [true, 'upperLeft', 'lowerRight'] as const) {
      const g = new ScaledDotProductAttention({ causal, dropout: 0.1 }).build({ query: f32('b', 'tq', 4), key: f32('b', 'tk', 4), value: f32('b', 'tk', 2) });
      expect(summary(g.outputs)).toEqual([['output', 'float32', ['b', 'tq', 2]]]);
      expect(g.nodes.filter((n) => n.op === 'Dropout').map((n) => n.op === 'Dropout' && n.attrs.ratio)).toEqual([0.1]);
    }
    expect(sdpa.build(qkv).nodes.some((n) => n.op === 'Dropout')).toBe(false);
  });

  it('round-trips through JSON', () => {
    expectRoundTrip(new ScaledDotProductAttention({ causal: 'lowerRight', scale: 0.25, softcap: 30, dropout: 0.2, seed: 9 }), qkv, { returnAttentionScores: true });
    expectRoundTrip(sdpa, { ...qkv, attention_mask: bool('batch', 5, 7) });
  });

  describe('config errors', () => {
    it('unknown key: names the layer, the key, and the known keys', () => {
      expect(configError(NAME, { causual: true })).toBe(`${NAME}: unknown config key 'causual' (known: scale, softcap, causal, dropout, seed)`);
    });

    it('wrong type and out of range', () => {
      expect(configError(NAME, { causal: 'yes' })).toBe(`${NAME}: config 'causal' must be one of false, true, "upperLeft", "lowerRight", got "yes"`);
      expect(configError(NAME, { dropout: 1 })).toBe(`${NAME}: config 'dropout' must be < 1, got 1`);
      expect(configError(NAME, { dropout: -0.5 })).toBe(`${NAME}: config 'dropout' must be >= 0, got -0.5`);
      expect(configError(NAME, { scale: 0 })).toBe(`${NAME}: config 'scale' must be > 0, got 0`);
      expect(configError(NAME, { softcap: 'big' })).toBe(`${NAME}: config 'softcap' must be a finite number, got "big"`);
      expect(configError(NAME, { seed: 1.5 })).toBe(`${NAME}: config 'seed' must be an integer, got 1.5`);
    });
  });

  describe('build errors', () => {
    const build = (inputs: Record<string, TensorType>): string => errorOf(() => sdpa.build(inputs));

    it('wrong dtype: int32 query, float mask, bool bias', () => {
      expect(build({ ...qkv, query: i32('batch', 5, 8) })).toBe(`${NAME}: input 'query' must be float32, got int32[batch, 5, 8]`);
      expect(build({ ...qkv, attention_mask: f32(5, 7) })).toBe(`${NAME}: input 'attention_mask' must be bool, got float32[5, 7]`);
      expect(build({ ...qkv, attention_bias: bool(5, 7) })).toBe(`${NAME}: input 'attention_bias' must be float32, got bool[5, 7]`);
    });

    it('unknown input name, listing the inputs', () => {
      expect(build({ ...qkv, mask: bool(5, 7) })).toBe(`${NAME}: unknown input 'mask' (inputs: query, key, value, attention_mask, attention_bias)`);
    });

    it('missing required input', () => {
      expect(build({ query: qkv.query, value: qkv.value })).toBe(`${NAME}: input 'key' is required`);
    });

    it('wrong rank', () => {
      expect(build({ ...qkv, query: f32(8) })).toBe(`${NAME}: input 'query' must have rank >= 2, got [8]`);
      expect(build({ ...qkv, key: f32('batch', 1, 7, 8) })).toContain(`${NAME}: input 'key' has rank 4, query has rank 3`);
    });

    it('mismatched feature and sequence dims, expected vs actual', () => {
      expect(build({ ...qkv, key: f32('batch', 7, 6) })).toBe(
        `${NAME}: input 'key' dim 2 must be 8 (the query's feature size), got 6 in shape [batch, 7, 6]`,
      );
      expect(build({ ...qkv, value: f32('batch', 6, 4) })).toBe(
        `${NAME}: input 'value' dim 1 must be 7 (the key's sequence length), got 6 in shape [batch, 6, 4]`,
      );
    });

    it('a mask or bias that does not broadcast to the logits', () => {
      expect(build({ ...qkv, attention_mask: bool(5, 6) })).toBe(
        `${NAME}: input 'attention_mask' [5, 6] does not broadcast to the logits [batch, 5, 7]`,
      );
      expect(build({ ...qkv, attention_bias: f32(2, 5, 6) })).toContain("input 'attention_bias' [2, 5, 6] does not broadcast");
    });

    it('a mask that would enlarge the logits is rejected', () => {
      const message = errorOf(() => sdpa.build({ query: f32(1, 5, 8), key: f32(1, 7, 8), value: f32(1, 7, 8), attention_mask: bool(4, 5, 7) }));
      expect(message).toContain("input 'attention_mask' [4, 5, 7]");
    });

    it('grouped-query heads that do not divide', () => {
      expect(build({ query: f32(2, 6, 5, 8), key: f32(2, 4, 7, 8), value: f32(2, 4, 7, 8) })).toBe(
        `${NAME}: query heads (6) must be a multiple of key/value heads (4) for grouped-query attention`,
      );
      expect(build({ query: f32(2, 4, 5, 8), key: f32(2, 2, 7, 8), value: f32(2, 3, 7, 8) })).toContain(
        "input 'value' dim 1 must be 2 (the key's head count), got 3",
      );
    });

    it('a symbolic feature size needs an explicit scale', () => {
      const inputs = { query: f32('b', 5, 'd'), key: f32('b', 7, 'd'), value: f32('b', 7, 4) };
      expect(build(inputs)).toContain(`${NAME}: the query's feature size is symbolic ('d')`);
      expect(summary(new ScaledDotProductAttention({ scale: 0.1 }).build(inputs).outputs)).toEqual([['output', 'float32', ['b', 5, 4]]]);
    });
  });
});

describe('MultiHeadAttention', () => {
  const NAME = 'MultiHeadAttention';
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
  const qv = { query: f32('batch', 5, 8), value: f32('batch', 7, 8) };

  it('builds the DESIGN.md example exactly', () => {
    const g = mha.build(qv, { returnAttentionScores: true });
    expect(summary(g.inputs)).toEqual([
      ['query', 'float32', ['batch', 5, 8]],
      ['value', 'float32', ['batch', 7, 8]],
    ]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['batch', 5, 8]],
      ['attention_scores', 'float32', ['batch', 2, 5, 7]],
    ]);
  });

  it('names and shapes params as LAYERS.md, in its order', () => {
    const g = mha.build({ query: f32('batch', 5, 8), value: f32('batch', 7, 6), key: f32('batch', 7, 3) });
    expect(paramShapes(g)).toEqual([
      ['query/kernel', [8, 2, 4]],
      ['query/bias', [2, 4]],
      ['key/kernel', [3, 2, 4]],
      ['key/bias', [2, 4]],
      ['value/kernel', [6, 2, 4]],
      ['value/bias', [2, 4]],
      ['attention_output/kernel', [2, 4, 8]],
      ['attention_output/bias', [8]],
    ]);
    expect(g.inputs.map((v) => v.name)).toEqual(['query', 'value', 'key']);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 5, 8]]]);
  });

  it('initializes kernels glorotUniform over the projection fans, biases zeros', () => {
    const g = mha.build(qv);
    const init = (name: string) => g.params.find((p) => p.name === name)?.init;
    expect(init('query/kernel')).toEqual({ name: 'glorotUniform', fanIn: 8, fanOut: 8 });
    expect(init('attention_output/kernel')).toEqual({ name: 'glorotUniform', fanIn: 8, fanOut: 8 });
    expect(init('query/bias')).toEqual({ name: 'zeros' });
    const w = initWeights(g, { seed: 1 });
    for (const p of g.params) expect(w[p.name]!.shape).toEqual(p.type.shape);
  });

  it('uses valueDim, outputShape and useBias', () => {
    const g = new MultiHeadAttention({ numHeads: 3, keyDim: 2, valueDim: 5, outputShape: 10, useBias: false }).build(qv, { returnAttentionScores: true });
    expect(paramShapes(g)).toEqual([
      ['query/kernel', [8, 3, 2]],
      ['key/kernel', [8, 3, 2]],
      ['value/kernel', [8, 3, 5]],
      ['attention_output/kernel', [3, 5, 10]],
    ]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['batch', 5, 10]],
      ['attention_scores', 'float32', ['batch', 3, 5, 7]],
    ]);
  });

  it('scales by 1/sqrt(keyDim)', () => {
    const g = new MultiHeadAttention({ numHeads: 2, keyDim: 16 }).build(qv);
    const mul = g.nodes.find((n) => n.op === 'Mul');
    expect(scalarInput(g, mul!.name)).toBeCloseTo(0.25, 7);
  });

  it('accepts a mask broadcastable to (B, Tq, Tv), and a causal mask', () => {
    for (const mask of [bool('batch', 5, 7), bool(5, 7), bool(1, 1, 7), bool(7)]) {
      const g = mha.build({ ...qv, attention_mask: mask }, { useCausalMask: true, returnAttentionScores: true });
      expect(summary(g.outputs)[1]).toEqual(['attention_scores', 'float32', ['batch', 2, 5, 7]]);
    }
    const sym = mha.build({ query: f32('b', 'tq', 8), value: f32('b', 'tv', 8) }, { useCausalMask: true });
    expect(summary(sym.outputs)).toEqual([['output', 'float32', ['b', 'tq', 8]]]);
  });

  it('round-trips through JSON', () => {
    const layer = new MultiHeadAttention({
      numHeads: 4, keyDim: 3, valueDim: 2, dropout: 0.1, useBias: false, outputShape: 6,
      kernelInitializer: 'orthogonal', biasInitializer: { name: 'constant', value: 0.5 }, seed: 3,
    });
    expectRoundTrip(layer, { ...qv, attention_mask: bool('batch', 5, 7) }, { useCausalMask: true, returnAttentionScores: true });
    expectRoundTrip(mha, qv);
  });

  describe('config errors', () => {
    it('missing numHeads', () => {
      expect(configError(NAME, { keyDim: 4 })).toBe(`${NAME}: config 'numHeads' is required (number of heads)`);
    });

    it('unknown key: names the layer, the key, and the known keys', () => {
      const message = configError(NAME, { numHeads: 2, keyDim: 4, num_heads: 2 });
      expect(message).toBe(
        `${NAME}: unknown config key 'num_heads' (known: numHeads, keyDim, valueDim, dropout, useBias, outputShape, kernelInitializer, biasInitializer, seed)`,
      );
    });

    it('wrong type and out of range', () => {
      expect(configError(NAME, { numHeads: 2, keyDim: '4' })).toBe(`${NAME}: config 'keyDim' must be an integer, got "4"`);
      expect(configError(NAME, { numHeads: 0, keyDim: 4 })).toBe(`${NAME}: config 'numHeads' must be >= 1, got 0`);
      expect(configError(NAME, { numHeads: 2, keyDim: 4, dropout: 1 })).toBe(`${NAME}: config 'dropout' must be < 1, got 1`);
      expect(configError(NAME, { numHeads: 2, keyDim: 4, useBias: 'no' })).toBe(`${NAME}: config 'useBias' must be true or false, got "no"`);
      expect(configError(NAME, { numHeads: 2, keyDim: 4, kernelInitializer: 'heNormal' })).toContain(
        `${NAME}: config 'kernelInitializer' must be one of zeros, ones, glorotUniform, orthogonal`,
      );
    });
  });

  describe('build errors', () => {
    const build = (inputs: Record<string, TensorType>): string => errorOf(() => mha.build(inputs));

    it('wrong rank', () => {
      expect(build({ ...qv, query: f32(5, 8) })).toBe(`${NAME}: input 'query' must have rank 3, got rank 2 float32[5, 8]`);
    });

    it('wrong dtype: int32 query, float mask', () => {
      expect(build({ ...qv, query: i32('batch', 5, 8) })).toBe(`${NAME}: input 'query' must be float32, got int32[batch, 5, 8]`);
      expect(build({ ...qv, attention_mask: f32('batch', 5, 7) })).toBe(`${NAME}: input 'attention_mask' must be bool, got float32[batch, 5, 7]`);
    });

    it('unknown and missing inputs', () => {
      expect(build({ ...qv, keys: f32('batch', 7, 8) })).toBe(`${NAME}: unknown input 'keys' (inputs: query, value, key, attention_mask)`);
      expect(build({ query: qv.query })).toBe(`${NAME}: input 'value' is required`);
    });

    it('mismatched dims between key, value and query', () => {
      expect(build({ ...qv, key: f32('batch', 6, 8) })).toBe(
        `${NAME}: input 'key' dim 1 must be 7 (the value's sequence length), got 6 in shape [batch, 6, 8]`,
      );
      expect(build({ query: f32(2, 5, 8), value: f32(3, 7, 8) })).toBe(
        `${NAME}: input 'value' dim 0 must be 2 (the query's batch size), got 3 in shape [3, 7, 8]`,
      );
      expect(build({ query: f32(2, 5, 8), value: f32(2, 7, 8), key: f32(4, 7, 8) })).toContain("input 'key' dim 0 must be 2");
    });

    it('a symbolic feature dim cannot size a weight', () => {
      expect(build({ query: f32('b', 5, 'd'), value: f32('b', 7, 8) })).toBe(
        `${NAME}: input 'query' dim 2 sizes a weight, so it must be a number, got 'd'`,
      );
    });

    it('a mask that does not broadcast to (B, Tq, Tv)', () => {
      expect(build({ ...qv, attention_mask: bool('batch', 5, 6) })).toBe(
        `${NAME}: input 'attention_mask' [batch, 5, 6] must broadcast to (B, Tq, Tv) = [batch, 5, 7]`,
      );
      expect(build({ ...qv, attention_mask: bool(1, 'batch', 5, 7) })).toContain("input 'attention_mask' [1, batch, 5, 7] must broadcast");
    });

    it('a mask that would enlarge the batch is rejected', () => {
      const message = errorOf(() => mha.build({ query: f32(1, 5, 8), value: f32(1, 7, 8), attention_mask: bool(4, 5, 7) }));
      expect(message).toContain("input 'attention_mask' [4, 5, 7]");
    });
  });
});

describe('LayerNormalization', () => {
  const NAME = 'LayerNormalization';
  const x = { input: f32('batch', 5, 8) };

  it('normalizes the last axis by default: gamma then beta, output like the input', () => {
    const g = new LayerNormalization().build(x);
    expect(summary(g.inputs)).toEqual([['input', 'float32', ['batch', 5, 8]]]);
    expect(g.params).toEqual([
      { name: 'gamma', type: f32(8), init: { name: 'ones' } },
      { name: 'beta', type: f32(8), init: { name: 'zeros' } },
    ]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 5, 8]]]);
  });

  it('weights are shaped like the normalized axes, trailing or not', () => {
    expect(paramShapes(new LayerNormalization({ axis: [1, 2] }).build(x))).toEqual([['gamma', [5, 8]], ['beta', [5, 8]]]);
    expect(paramShapes(new LayerNormalization({ axis: [2, -2] }).build(x))).toEqual([['gamma', [5, 8]], ['beta', [5, 8]]]);
    const middle = new LayerNormalization({ axis: 1 }).build(x);
    expect(paramShapes(middle)).toEqual([['gamma', [5]], ['beta', [5]]]);
    expect(summary(middle.outputs)).toEqual([['output', 'float32', ['batch', 5, 8]]]);
  });

  it('center and scale switch beta and gamma off', () => {
    expect(paramShapes(new LayerNormalization({ center: false }).build(x))).toEqual([['gamma', [8]]]);
    expect(paramShapes(new LayerNormalization({ scale: false }).build(x))).toEqual([['beta', [8]]]);
    expect(new LayerNormalization({ center: false, scale: false }).build(x).params).toEqual([]);
  });

  it('defaults match LAYERS.md', () => {
    expect(new LayerNormalization().config).toEqual({
      axis: -1, epsilon: 1e-3, center: true, scale: true, gammaInitializer: 'ones', betaInitializer: 'zeros',
    });
  });

  it('round-trips through JSON', () => {
    expectRoundTrip(new LayerNormalization({ axis: [1, 2], epsilon: 1e-5, center: false, gammaInitializer: { name: 'constant', value: 2 } }), x);
    expectRoundTrip(new LayerNormalization(), x);
  });

  it('config errors', () => {
    expect(configError(NAME, { axes: [1] })).toBe(
      `${NAME}: unknown config key 'axes' (known: axis, epsilon, center, scale, gammaInitializer, betaInitializer)`,
    );
    expect(configError(NAME, { epsilon: 0 })).toBe(`${NAME}: config 'epsilon' must be > 0, got 0`);
    expect(configError(NAME, { axis: [] })).toBe(`${NAME}: config 'axis' must be an integer or a non-empty list of integers, got []`);
    expect(configError(NAME, { axis: 'last' })).toContain(`${NAME}: config 'axis' must be an integer`);
    expect(configError(NAME, { center: 1 })).toBe(`${NAME}: config 'center' must be true or false, got 1`);
  });

  it('build errors: axis out of range, a symbolic normalized dim, dtype, input names', () => {
    const build = (layer: LayerNormalization, inputs: Record<string, TensorType>): string => errorOf(() => layer.build(inputs));
    expect(build(new LayerNormalization({ axis: 3 }), x)).toBe(`${NAME}: config 'axis' 3 does not fit input 'input' of rank 3: axis 3 is out of range for rank 3`);
    expect(build(new LayerNormalization({ axis: [-4] }), x)).toContain("config 'axis' [-4] does not fit input 'input' of rank 3: axis -4 is out of range for rank 3");
    expect(build(new LayerNormalization({ axis: 0 }), x)).toBe(
      `${NAME}: input 'input' dim 0 is normalized and sizes a weight, so it must be a number, got 'batch'`,
    );
    expect(build(new LayerNormalization({ axis: [1, 2] }), { input: f32('b', 't', 8) })).toContain("dim 1 is normalized and sizes a weight, so it must be a number, got 't'");
    expect(build(new LayerNormalization(), { input: i32('b', 8) })).toBe(`${NAME}: input 'input' must be float32, got int32[b, 8]`);
    expect(build(new LayerNormalization(), { x: f32(2, 8) })).toBe(`${NAME}: unknown input 'x' (inputs: input)`);
    expect(build(new LayerNormalization(), {})).toBe(`${NAME}: input 'input' is required`);
  });
});

describe('RMSNormalization', () => {
  const NAME = 'RMSNormalization';
  const x = { input: f32('batch', 5, 8) };

  it('has one gamma weight shaped like the normalized axes', () => {
    const g = new RMSNormalization().build(x);
    expect(summary(g.inputs)).toEqual([['input', 'float32', ['batch', 5, 8]]]);
    expect(g.params).toEqual([{ name: 'gamma', type: f32(8), init: { name: 'ones' } }]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 5, 8]]]);
    expect(paramShapes(new RMSNormalization({ axis: [1, 2] }).build(x))).toEqual([['gamma', [5, 8]]]);
    expect(new RMSNormalization({ scale: false }).build(x).params).toEqual([]);
  });

  it('defaults match LAYERS.md', () => {
    expect(new RMSNormalization().config).toEqual({ axis: -1, epsilon: 1e-6, scale: true, gammaInitializer: 'ones' });
  });

  it('round-trips through JSON', () => {
    expectRoundTrip(new RMSNormalization({ axis: [-2, -1], epsilon: 1e-8 }), x);
  });

  it('config and build errors', () => {
    expect(configError(NAME, { center: true })).toBe(`${NAME}: unknown config key 'center' (known: axis, epsilon, scale, gammaInitializer)`);
    expect(configError(NAME, { epsilon: -1 })).toBe(`${NAME}: config 'epsilon' must be > 0, got -1`);
    expect(errorOf(() => new RMSNormalization({ axis: 5 }).build(x))).toBe(`${NAME}: config 'axis' 5 does not fit input 'input' of rank 3: axis 5 is out of range for rank 3`);
    expect(errorOf(() => new RMSNormalization({ axis: 1 }).build({ input: f32('b', 't', 8) }))).toContain(
      `${NAME}: input 'input' dim 1 is normalized and sizes a weight, so it must be a number, got 't'`,
    );
  });
});

describe('SequenceAttention', () => {
  const NAME = 'SequenceAttention';
  const qv = { query: f32('b', 3, 4), value: f32('b', 'tv', 4) };

  it("'dot': no params, output (B, Tq, Dv) and attention_scores (B, Tq, Tv)", () => {
    const g = new SequenceAttention().build(qv, { returnAttentionScores: true });
    expect(summary(g.inputs)).toEqual([
      ['query', 'float32', ['b', 3, 4]],
      ['value', 'float32', ['b', 'tv', 4]],
    ]);
    expect(g.params).toEqual([]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['b', 3, 4]],
      ['attention_scores', 'float32', ['b', 3, 'tv']],
    ]);
  });

  it("'general': general/kernel (Dq, Dk)", () => {
    const g = new SequenceAttention({ score: 'general' }).build({ query: f32('b', 3, 4), value: f32('b', 'tv', 6), key: f32('b', 'tv', 5) });
    expect(g.inputs.map((v) => v.name)).toEqual(['query', 'value', 'key']);
    expect(paramShapes(g)).toEqual([['general/kernel', [4, 5]]]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['b', 3, 6]]]);
  });

  it("'concat': the four weights in LAYERS.md order", () => {
    const g = new SequenceAttention({ score: 'concat', units: 7 }).build({ ...qv, key: f32('b', 'tv', 5) }, { returnAttentionScores: true });
    expect(paramShapes(g)).toEqual([
      ['concat/query_kernel', [4, 7]],
      ['concat/key_kernel', [5, 7]],
      ['concat/bias', [7]],
      ['concat/v', [7]],
    ]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['b', 3, 4]],
      ['attention_scores', 'float32', ['b', 3, 'tv']],
    ]);
  });

  it('useScale adds a scalar scale (initialized to 1); attentionalUnits adds combine/kernel (Dv+Dq, u)', () => {
    const g = new SequenceAttention({ score: 'general', useScale: true, attentionalUnits: 6 }).build({ query: f32('b', 3, 4), value: f32('b', 'tv', 5) });
    expect(paramShapes(g)).toEqual([
      ['general/kernel', [4, 5]],
      ['scale', []],
      ['combine/kernel', [9, 6]],
      ['combine/bias', [6]],
    ]);
    expect(g.params[1]!.init).toEqual({ name: 'ones' });
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['b', 3, 6]]]);
  });

  it('takes value_mask (B, Tv) and query_mask (B, Tq), and a causal mask', () => {
    const g = new SequenceAttention({ causal: true }).build(
      { query: f32('b', 'tq', 4), value: f32('b', 'tv', 4), value_mask: bool('b', 'tv'), query_mask: bool('b', 'tq') },
      { returnAttentionScores: true },
    );
    expect(g.inputs.map((v) => v.name)).toEqual(['query', 'value', 'value_mask', 'query_mask']);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['b', 'tq', 4]],
      ['attention_scores', 'float32', ['b', 'tq', 'tv']],
    ]);
  });

  it('round-trips through JSON', () => {
    const layer = new SequenceAttention({ score: 'concat', units: 3, useScale: true, attentionalUnits: 2, causal: true, dropout: 0.3, seed: 5 });
    expectRoundTrip(layer, { query: f32('b', 4, 4), value: f32('b', 4, 4), value_mask: bool('b', 4) }, { returnAttentionScores: true });
    expectRoundTrip(new SequenceAttention({ score: 'general', kernelInitializer: 'orthogonal' }), qv);
  });

  it('config errors', () => {
    expect(configError(NAME, { score: 'concat' })).toBe(`${NAME}: config 'units' is required when score is 'concat'`);
    expect(configError(NAME, { score: 'additive' })).toBe(`${NAME}: config 'score' must be one of "dot", "general", "concat", got "additive"`);
    expect(configError(NAME, { mode: 'dot' })).toBe(
      `${NAME}: unknown config key 'mode' (known: score, units, useScale, attentionalUnits, causal, dropout, kernelInitializer, biasInitializer, seed)`,
    );
    expect(configError(NAME, { dropout: 1 })).toBe(`${NAME}: config 'dropout' must be < 1, got 1`);
    expect(configError(NAME, { score: 'concat', units: 0 })).toBe(`${NAME}: config 'units' must be >= 1, got 0`);
  });

  describe('build errors', () => {
    const dot = new SequenceAttention();
    const build = (inputs: Record<string, TensorType>, layer: SequenceAttention = dot): string => errorOf(() => layer.build(inputs));

    it("'dot' needs Dq == Dk, naming the key side", () => {
      expect(build({ query: f32('b', 3, 4), value: f32('b', 'tv', 6) })).toBe(
        `${NAME}: input 'value' dim 2 must be 4 (the query's feature size, as the 'dot' score needs), got 6 in shape [b, tv, 6]`,
      );
      expect(build({ ...qv, key: f32('b', 'tv', 5) })).toContain(`${NAME}: input 'key' dim 2 must be 4`);
    });

    it('wrong rank and dtype', () => {
      expect(build({ ...qv, query: f32(3, 4) })).toBe(`${NAME}: input 'query' must have rank 3, got rank 2 float32[3, 4]`);
      expect(build({ ...qv, value_mask: bool('b', 'tv', 1) })).toBe(`${NAME}: input 'value_mask' must have rank 2, got rank 3 bool[b, tv, 1]`);
      expect(build({ ...qv, value_mask: f32('b', 'tv') })).toBe(`${NAME}: input 'value_mask' must be bool, got float32[b, tv]`);
      expect(build({ ...qv, query: i32('b', 3, 4) })).toBe(`${NAME}: input 'query' must be float32, got int32[b, 3, 4]`);
    });

    it('mismatched masks, batch and key length', () => {
      expect(build({ query: f32('b', 3, 4), value: f32('b', 6, 4), value_mask: bool('b', 5) })).toBe(
        `${NAME}: input 'value_mask' dim 1 must be 6 (the value's sequence length), got 5 in shape [b, 5]`,
      );
      expect(build({ query: f32('b', 3, 4), value: f32('b', 6, 4), query_mask: bool('b', 4) })).toContain(
        "input 'query_mask' dim 1 must be 3 (the query's sequence length), got 4",
      );
      expect(build({ query: f32(2, 3, 4), value: f32(5, 6, 4) })).toContain("input 'value' dim 0 must be 2 (the query's batch size), got 5");
      expect(build({ query: f32('b', 3, 4), value: f32('b', 6, 4), key: f32('b', 5, 4) })).toContain(
        "input 'key' dim 1 must be 6 (the value's sequence length), got 5",
      );
    });

    it('unknown and missing inputs', () => {
      expect(build({ ...qv, mask: bool('b', 'tv') })).toBe(`${NAME}: unknown input 'mask' (inputs: query, value, key, value_mask, query_mask)`);
      expect(build({ query: qv.query })).toBe(`${NAME}: input 'value' is required`);
    });

    it("'general' and 'concat' need static feature sizes", () => {
      expect(build({ query: f32('b', 3, 'd'), value: f32('b', 'tv', 4) }, new SequenceAttention({ score: 'general' }))).toBe(
        `${NAME}: input 'query' dim 2 sizes a weight, so it must be a number, got 'd'`,
      );
    });
  });
});

describe('layerFromJSON', () => {
  it('knows every layer class here', () => {
    expect(layerClassNames()).toEqual(expect.arrayContaining([
      'ScaledDotProductAttention', 'MultiHeadAttention', 'LayerNormalization', 'RMSNormalization', 'SequenceAttention',
    ]));
  });

  it('rejects an unknown class, listing the known ones, and a document without a class', () => {
    const message = errorOf(() => layerFromJSON({ className: 'Dense', config: {} }));
    expect(message).toMatch(/^layerFromJSON: unknown layer class 'Dense' \(known: .*MultiHeadAttention/);
    expect(errorOf(() => layerFromJSON('{"config": {}}'))).toBe('layerFromJSON: expected { className, config }');
  });

  it('rebuilds a layer whose config was left out with its defaults', () => {
    expect(layerFromJSON('{"className": "LayerNormalization"}').config).toEqual(new LayerNormalization().config);
  });
});
