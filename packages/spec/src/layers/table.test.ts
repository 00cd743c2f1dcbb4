/**
 * The layer table: names, declarations, and build options parsed like configs (a wrong type or an
 * unknown option is an error naming the layer, the option and what is accepted).
 */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../testing/helpers.js';
import { f32 } from '../testing/layers.js';
import { parseConfig } from './config.js';
import { MultiHeadAttention } from './multi-head-attention.js';
import { LAYERS, LAYER_NAMES, isLayerName, layerClassNames } from './table.js';

const declarationOf = (name: keyof typeof LAYERS) => LAYERS[name].declaration;
const optionError = (name: keyof typeof LAYERS, given: object): string =>
  errorOf(() => parseConfig<object>(name, declarationOf(name).buildOptions, given, 'build option'));

const withOptions = LAYER_NAMES.filter((n) => Object.keys(declarationOf(n).buildOptions).length > 0);
const withoutOptions = LAYER_NAMES.filter((n) => !withOptions.includes(n));

describe('the layer table', () => {
  it.each(LAYER_NAMES)('%s: its key is its class name and its declaration name', (name) => {
    expect(LAYERS[name].className).toBe(name);
    expect(declarationOf(name).name).toBe(name);
    expect(isLayerName(name)).toBe(true);
  });

  it.each(LAYER_NAMES)('%s: declares each input once, with a doc line', (name) => {
    const inputs = declarationOf(name).inputs.map((d) => d.name);
    expect(new Set(inputs).size).toBe(inputs.length);
    expect(declarationOf(name).doc.length).toBeGreaterThan(0);
  });

  it('lists the table in order, and knows no other name', () => {
    expect(layerClassNames()).toEqual(Object.keys(LAYERS));
    expect(isLayerName('Conv2D')).toBe(false);
    expect(isLayerName('toString')).toBe(false);
  });

  it('has attention layers, RotaryEmbedding and TransformerDecoder (its cache) with build options, and others without', () => {
    expect(withOptions).toEqual([
      'ScaledDotProductAttention',
      'MultiHeadAttention',
      'SequenceAttention',
      'RotaryEmbedding',
      'TransformerDecoder',
    ]);
  });
});

describe('build options', () => {
  it.each(withOptions)('%s: a wrong type names the layer, the option and the accepted values', (name) => {
    for (const key of Object.keys(declarationOf(name).buildOptions)) {
      const kind = name === 'RotaryEmbedding' ? 'an integer' : 'true or false';
      expect(optionError(name, { [key]: 'no' })).toBe(`${name}: build option '${key}' must be ${kind}, got "no"`);
    }
  });

  it.each(withOptions)('%s: an unknown option lists the known ones', (name) => {
    const known = Object.keys(declarationOf(name).buildOptions).join(', ');
    expect(optionError(name, { returnScores: true })).toBe(`${name}: unknown build option 'returnScores' (known: ${known})`);
  });

  it.each(withoutOptions)('%s: any option is unknown', (name) => {
    expect(optionError(name, { returnAttentionScores: true })).toBe(
      `${name}: unknown build option 'returnAttentionScores' (${name} has no build options)`,
    );
  });

  it('are checked by build before anything is built, and default to false', () => {
    const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
    const inputs = { query: f32(2, 3, 8), value: f32(2, 3, 8) };
    expect(errorOf(() => mha.build(inputs, { useCausalMask: 'no' } as object))).toBe(
      `MultiHeadAttention: build option 'useCausalMask' must be true or false, got "no"`,
    );
    expect(errorOf(() => mha.build(inputs, { causal: true } as object))).toBe(
      "MultiHeadAttention: unknown build option 'causal' (known: useCausalMask, returnAttentionScores, cache)",
    );
    expect(mha.parseBuildOptions({})).toEqual({ useCausalMask: false, returnAttentionScores: false, cache: false });
    expect(mha.build(inputs, { returnAttentionScores: true }).outputs.map((o) => o.name)).toEqual(['output', 'attention_scores']);
  });
});
