/** checkOneOf: the option check every one-of option shares. */
import { describe, expect, it } from 'vitest';
import { LayerspecError } from './errors.js';
import { checkOneOf } from './one-of.js';

const FORMS = ['native', 'decomposed'] as const;

describe('checkOneOf', () => {
  it('returns the value, typed as the allowed union', () => {
    const form: 'native' | 'decomposed' = checkOneOf('decomposed', FORMS, 'compile', 'layerNorm');
    expect(form).toBe('decomposed');
    expect(checkOneOf(23, [17, 23], 'exportOnnx', 'opset')).toBe(23);
  });

  it('names every allowed value and echoes what was given, as a LayerspecError', () => {
    expect(() => checkOneOf('fused', FORMS, 'compile', 'layerNorm')).toThrow(
      new LayerspecError('compile', `layerNorm must be one of 'native', 'decomposed', got the string "fused"`),
    );
    // A number's digits as a string are not the number.
    expect(() => checkOneOf('17', [17, 23], 'exportOnnx', 'opset')).toThrow(/opset must be one of 17, 23, got the string "17"$/);
    expect(() => checkOneOf(undefined, FORMS, 'w', 'x')).toThrow(/got undefined$/);
    expect(() => checkOneOf({ form: 'native' }, FORMS, 'w', 'x')).toThrow(LayerspecError);
  });
});
