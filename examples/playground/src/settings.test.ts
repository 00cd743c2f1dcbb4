import '@layerspec/backend-ref';
import { LAYER_FACTS } from '@layerspec/conformance';
import { LAYER_NAMES, tensor } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import { maskedCells } from './masked.js';
import { buildSettings, maxDiff, runBackends } from './run.js';
import { defaultSettings } from './settings.js';

describe('the starting settings of every layer', () => {
  it.each(LAYER_NAMES.map((l) => [l]))('%s builds and runs on ref, returning its attention weights when it has them', async (layer) => {
    const settings = defaultSettings(layer);
    const built = buildSettings(settings);
    const [result] = await runBackends(built, ['ref'], 1, () => undefined);
    expect(result!.maxDiff).toBe(0);
    const scores = LAYER_FACTS[layer].attention?.scores.output;
    if (scores) expect(Object.keys(result!.outputs)).toContain(scores);
  });

  it('starts MultiHeadAttention causal and padded, its mask padded in its last key', () => {
    const s = defaultSettings('MultiHeadAttention');
    expect(s.buildOptions['useCausalMask']).toBe(true);
    const mask = buildSettings(s).inputs['attention_mask']!;
    expect(Array.from(mask.data.slice(0, 6))).toEqual([1, 1, 1, 1, 1, 0]);
  });

  it('gives a bad config the library message', () => {
    const s = { ...defaultSettings('MultiHeadAttention'), config: { numHeads: 2, keyDim: 0 } };
    expect(() => buildSettings(s)).toThrow("MultiHeadAttention: config 'keyDim' must be >= 1, got 0");
  });
});

describe('maskedCells', () => {
  it('masks the future under a causal flag and the padded keys', () => {
    const masked = maskedCells(defaultSettings('MultiHeadAttention'), 3, 4);
    const grid = [0, 1, 2].map((i) => [0, 1, 2, 3].map((j) => (masked(i, j) ? 'x' : '.')).join(''));
    expect(grid).toEqual(['.xxx', '..xx', '...x']);
  });

  it('aligns lower-right causal masks to the last keys, and pads only when the mask input is given', () => {
    const s = {
      ...defaultSettings('ScaledDotProductAttention'),
      config: { causal: 'lowerRight' },
      shapes: { query: [1, 1, 2, 4], key: [1, 1, 3, 4], value: [1, 1, 3, 4] },
      padding: 1,
    };
    const masked = maskedCells(s, 2, 3);
    expect([0, 1].map((i) => [0, 1, 2].map((j) => (masked(i, j) ? 'x' : '.')).join(''))).toEqual(['..x', '...']);
  });
});

describe('maxDiff', () => {
  it('is NaN when one side is NaN, or an output is missing', () => {
    const ref = { y: tensor([1, 2], [2]) };
    expect(maxDiff({ y: tensor([1, 2.5], [2]) }, ref)).toBe(0.5);
    expect(maxDiff({ y: tensor([1, Number.NaN], [2]) }, ref)).toBeNaN();
    expect(maxDiff({}, ref)).toBeNaN();
  });
});
