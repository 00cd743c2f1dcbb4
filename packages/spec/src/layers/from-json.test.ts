/**
 * layerFromJSON: every layer of the table, unknown classes, defaults.
 */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../testing/helpers.js';
import { LayerNormalization } from './layer-normalization.js';
import { layerFromJSON } from './from-json.js';
import { layerClassNames } from './table.js';

describe('layerFromJSON', () => {
  it('knows every layer class here', () => {
    expect(layerClassNames()).toEqual(
      expect.arrayContaining([
        'ScaledDotProductAttention',
        'MultiHeadAttention',
        'LayerNormalization',
        'RMSNormalization',
        'SequenceAttention',
      ]),
    );
  });

  it('rejects an unknown class, listing the known ones, and a document without a class', () => {
    const message = errorOf(() => layerFromJSON({ className: 'Conv2D', config: {} }));
    expect(message).toMatch(/^layerFromJSON: unknown layer class 'Conv2D' \(known: .*MultiHeadAttention/);
    expect(errorOf(() => layerFromJSON('{"config": {}}'))).toBe('layerFromJSON: expected { className, config }');
  });

  it('rebuilds a layer whose config was left out with its defaults', () => {
    expect(layerFromJSON('{"className": "LayerNormalization"}').config).toEqual(new LayerNormalization().config);
  });
});
