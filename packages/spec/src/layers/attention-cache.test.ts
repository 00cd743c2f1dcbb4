import { describe, expect, it } from 'vitest';
import { LayerspecError } from '../errors.js';
import type { Dim, TensorType } from '../types.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { ScaledDotProductAttention } from './scaled-dot-product-attention.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });

describe('the key/value cache build option', () => {
  it('declares past_key/past_value only under cache: true, and then requires them', () => {
    const sdpa = new ScaledDotProductAttention();
    expect(sdpa.inputs({}).map((d) => d.name)).not.toContain('past_key');
    expect(sdpa.inputs({ cache: true }).map((d) => d.name)).toEqual([
      'query',
      'key',
      'value',
      'attention_mask',
      'attention_bias',
      'past_key',
      'past_value',
    ]);
    const qkv = { query: f32(2, 1, 4), key: f32(2, 1, 4), value: f32(2, 1, 4) };
    expect(() => sdpa.build({ ...qkv, past_key: f32(2, 3, 4) })).toThrow(/unknown input 'past_key'/);
    expect(() => sdpa.build({ ...qkv, past_key: f32(2, 3, 4) }, { cache: true })).toThrow(/input 'past_value' is required/);
  });

  it('outputs present_key/present_value of length P + T, symbolic P included', () => {
    const g = new ScaledDotProductAttention({ causal: true }).build(
      { query: f32('b', 't', 4), key: f32('b', 't', 4), value: f32('b', 't', 2), past_key: f32('b', 'p', 4), past_value: f32('b', 'p', 2) },
      { cache: true },
    );
    expect(Object.fromEntries(g.outputs.map((o) => [o.name, o.type.shape]))).toEqual({
      output: ['b', 't', 2],
      present_key: ['b', 'p+t', 4],
      present_value: ['b', 'p+t', 2],
    });
  });

  it('names the cache input and the dim that disagrees with the new keys', () => {
    const sdpa = new ScaledDotProductAttention();
    const qkv = { query: f32(2, 1, 4), key: f32(2, 1, 4), value: f32(2, 1, 4) };
    const build = (pk: TensorType) => sdpa.build({ ...qkv, past_key: pk, past_value: f32(2, 3, 4) }, { cache: true });
    expect(() => build(f32(2, 3, 5))).toThrow(LayerspecError);
    expect(() => build(f32(2, 3, 5))).toThrow(/input 'past_key' dim 2 must be 4/);
    expect(() => build(f32(1, 2, 3, 4))).toThrow(/input 'past_key' .* must have the rank of 'key'/);
  });

  it('MultiHeadAttention: (B, H, P, keyDim) caches of the projected keys, a mask over P + Tv keys', () => {
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 5 });
    const g = mha.build(
      {
        query: f32(1, 1, 8),
        value: f32(1, 1, 8),
        attention_mask: { dtype: 'bool', shape: [1, 1, 4] },
        past_key: f32(1, 2, 3, 3),
        past_value: f32(1, 2, 3, 5),
      },
      { cache: true, useCausalMask: true },
    );
    expect(g.outputs.map((o) => [o.name, o.type.shape])).toEqual([
      ['output', [1, 1, 8]],
      ['present_key', [1, 2, 4, 3]],
      ['present_value', [1, 2, 4, 5]],
    ]);
    expect(() =>
      mha.build({ query: f32(1, 1, 8), value: f32(1, 1, 8), past_key: f32(1, 2, 3, 5), past_value: f32(1, 2, 3, 5) }, { cache: true }),
    ).toThrow(/input 'past_key' dim 3 must be 3/);
  });
});
