/**
 * ScaledDotProductAttention as a built graph: inputs, outputs, causal masks, config and build errors.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, summary } from '../testing/helpers.js';
import { f32, i32, bool, configError, expectRoundTrip, scalarInput } from '../testing/layers.js';
import type { Graph } from '../graph/types.js';
import type { TensorType } from '../types.js';
import { ScaledDotProductAttention } from './scaled-dot-product-attention.js';

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
    const g = sdpa.build(
      { query: f32('b', 2, 'tq', 8), key: f32('b', 2, 'tk', 8), value: f32('b', 2, 'tk', 3) },
      { returnAttentionScores: true },
    );
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['b', 2, 'tq', 3]],
      ['attention_scores', 'float32', ['b', 2, 'tq', 'tk']],
    ]);
    expect(summary(sdpa.build({ query: f32(5, 8), key: f32(7, 8), value: f32(7, 2) }).outputs)).toEqual([['output', 'float32', [5, 2]]]);
  });

  it('shares key/value heads for grouped-query attention', () => {
    const g = sdpa.build(
      { query: f32('b', 4, 5, 8), key: f32('b', 2, 'tk', 8), value: f32('b', 2, 'tk', 6) },
      { returnAttentionScores: true },
    );
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
      const g = new ScaledDotProductAttention({ causal, dropout: 0.1 }).build({
        query: f32('b', 'tq', 4),
        key: f32('b', 'tk', 4),
        value: f32('b', 'tk', 2),
      });
      expect(summary(g.outputs)).toEqual([['output', 'float32', ['b', 'tq', 2]]]);
      expect(g.nodes.filter((n) => n.op === 'Dropout').map((n) => n.op === 'Dropout' && n.attrs.ratio)).toEqual([0.1]);
    }
    expect(sdpa.build(qkv).nodes.some((n) => n.op === 'Dropout')).toBe(false);
  });

  it('round-trips through JSON', () => {
    expectRoundTrip(new ScaledDotProductAttention({ causal: 'lowerRight', scale: 0.25, softcap: 30, dropout: 0.2, seed: 9 }), qkv, {
      returnAttentionScores: true,
    });
    expectRoundTrip(sdpa, { ...qkv, attention_mask: bool('batch', 5, 7) });
  });

  describe('config errors', () => {
    it('unknown key: names the layer, the key, and the known keys', () => {
      expect(configError(NAME, { causual: true })).toBe(
        `${NAME}: unknown config key 'causual' (known: scale, softcap, causal, dropout, seed)`,
      );
    });

    it('wrong type and out of range', () => {
      expect(configError(NAME, { causal: 'yes' })).toBe(
        `${NAME}: config 'causal' must be one of false, true, "upperLeft", "lowerRight", got "yes"`,
      );
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
      expect(build({ ...qkv, mask: bool(5, 7) })).toBe(
        `${NAME}: unknown input 'mask' (inputs: query, key, value, attention_mask, attention_bias)`,
      );
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
      const message = errorOf(() =>
        sdpa.build({ query: f32(1, 5, 8), key: f32(1, 7, 8), value: f32(1, 7, 8), attention_mask: bool(4, 5, 7) }),
      );
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
