/**
 * SequenceAttention as a built graph: the three scores, masks, config and build errors.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, paramShapes, summary } from '../testing/helpers.js';
import { f32, i32, bool, configError, expectRoundTrip } from '../testing/layers.js';
import type { TensorType } from '../types.js';
import { SequenceAttention } from './sequence-attention.js';

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
    const g = new SequenceAttention({ score: 'general' }).build({
      query: f32('b', 3, 4),
      value: f32('b', 'tv', 6),
      key: f32('b', 'tv', 5),
    });
    expect(g.inputs.map((v) => v.name)).toEqual(['query', 'value', 'key']);
    expect(paramShapes(g)).toEqual([['general/kernel', [4, 5]]]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['b', 3, 6]]]);
  });

  it("'concat': the four weights in LAYERS.md order", () => {
    const g = new SequenceAttention({ score: 'concat', units: 7 }).build(
      { ...qv, key: f32('b', 'tv', 5) },
      { returnAttentionScores: true },
    );
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
    const g = new SequenceAttention({ score: 'general', useScale: true, attentionalUnits: 6 }).build({
      query: f32('b', 3, 4),
      value: f32('b', 'tv', 5),
    });
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
    const layer = new SequenceAttention({
      score: 'concat',
      units: 3,
      useScale: true,
      attentionalUnits: 2,
      causal: true,
      dropout: 0.3,
      seed: 5,
    });
    expectRoundTrip(layer, { query: f32('b', 4, 4), value: f32('b', 4, 4), value_mask: bool('b', 4) }, { returnAttentionScores: true });
    expectRoundTrip(new SequenceAttention({ score: 'general', kernelInitializer: 'orthogonal' }), qv);
  });

  it('config errors', () => {
    expect(configError(NAME, { score: 'concat' })).toBe(`${NAME}: config 'units' is required when score is 'concat'`);
    expect(configError(NAME, { score: 'additive' })).toBe(
      `${NAME}: config 'score' must be one of "dot", "general", "concat", got "additive"`,
    );
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
      expect(build({ ...qv, value_mask: bool('b', 'tv', 1) })).toBe(
        `${NAME}: input 'value_mask' must have rank 2, got rank 3 bool[b, tv, 1]`,
      );
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
      expect(build({ query: f32(2, 3, 4), value: f32(5, 6, 4) })).toContain(
        "input 'value' dim 0 must be 2 (the query's batch size), got 5",
      );
      expect(build({ query: f32('b', 3, 4), value: f32('b', 6, 4), key: f32('b', 5, 4) })).toContain(
        "input 'key' dim 1 must be 6 (the value's sequence length), got 5",
      );
    });

    it('unknown and missing inputs', () => {
      expect(build({ ...qv, mask: bool('b', 'tv') })).toBe(
        `${NAME}: unknown input 'mask' (inputs: query, value, key, value_mask, query_mask)`,
      );
      expect(build({ query: qv.query })).toBe(`${NAME}: input 'value' is required`);
    });

    it("'general' and 'concat' need static feature sizes", () => {
      expect(build({ query: f32('b', 3, 'd'), value: f32('b', 'tv', 4) }, new SequenceAttention({ score: 'general' }))).toBe(
        `${NAME}: input 'query' dim 2 sizes a weight, so it must be a number, got 'd'`,
      );
    });
  });
});
