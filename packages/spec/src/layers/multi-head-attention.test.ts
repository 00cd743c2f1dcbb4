/**
 * MultiHeadAttention as a built graph: weights (names, shapes, initializers), masks, config and build errors.
 */
import { describe, expect, it } from 'vitest';
import { initWeights } from '../init/init-weights.js';
import { errorOf, paramShapes, summary } from '../testing/helpers.js';
import { f32, i32, bool, configError, expectRoundTrip, scalarInput } from '../testing/layers.js';
import type { TensorType } from '../types.js';
import { MultiHeadAttention } from './multi-head-attention.js';

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
    const g = new MultiHeadAttention({ numHeads: 3, keyDim: 2, valueDim: 5, outputShape: 10, useBias: false }).build(qv, {
      returnAttentionScores: true,
    });
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
      numHeads: 4,
      keyDim: 3,
      valueDim: 2,
      dropout: 0.1,
      useBias: false,
      outputShape: 6,
      kernelInitializer: 'orthogonal',
      biasInitializer: { name: 'constant', value: 0.5 },
      seed: 3,
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
      expect(configError(NAME, { numHeads: 2, keyDim: 4, useBias: 'no' })).toBe(
        `${NAME}: config 'useBias' must be true or false, got "no"`,
      );
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
      expect(build({ ...qv, attention_mask: f32('batch', 5, 7) })).toBe(
        `${NAME}: input 'attention_mask' must be bool, got float32[batch, 5, 7]`,
      );
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
