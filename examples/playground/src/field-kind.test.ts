import { LAYERS, type Field } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import { choicesOf, parseText, text } from './field-kind.js';

const field = (layer: keyof typeof LAYERS, key: string, kind: 'config' | 'buildOptions' = 'config'): Field<unknown> =>
  Reflect.get(LAYERS[layer].declaration[kind], key) as Field<unknown>;

describe('choicesOf', () => {
  it("reads a field's fixed choices from its own message, booleans and strings alike", () => {
    expect(choicesOf(field('ScaledDotProductAttention', 'causal'))).toEqual([false, true, 'upperLeft', 'lowerRight']);
    expect(choicesOf(field('SequenceAttention', 'score'))).toEqual(['dot', 'general', 'concat']);
  });

  it('finds none in a number, a boolean or an initializer field', () => {
    expect(choicesOf(field('MultiHeadAttention', 'keyDim'))).toBeUndefined();
    expect(choicesOf(field('MultiHeadAttention', 'useCausalMask', 'buildOptions'))).toBeUndefined();
    expect(choicesOf(field('MultiHeadAttention', 'kernelInitializer'))).toBeUndefined();
  });
});

describe('text and parseText', () => {
  it('round-trip JSON values, keep a bare word as a string, and read an empty box as absent', () => {
    for (const v of [3, [0, 1], { name: 'constant', value: 0.5 }, 'relu']) expect(parseText(text(v))).toEqual(v);
    expect(parseText('  ')).toBeUndefined();
    expect(text(undefined)).toBe('');
  });
});
