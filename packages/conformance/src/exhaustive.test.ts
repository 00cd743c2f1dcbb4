/**
 * The per-layer tables of the conformance suite are exhaustive over the layer table: each one with an
 * entry removed must fail the type check (`npm test` runs `tsc --noEmit` on this file), and at run
 * time each has exactly the table's layers.
 */
import { LAYER_NAMES } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import { ARBITRARIES } from './arbitraries/index.js';
import { LAYER_FACTS } from './facts.js';

const { AttentionWrapper: _arbitrary, ...arbitrariesWithoutOne } = ARBITRARIES;
// @ts-expect-error an arbitraries table without AttentionWrapper does not type-check
const missingArbitrary: typeof ARBITRARIES = arbitrariesWithoutOne;

const { LayerNormalization: _facts, ...factsWithoutOne } = LAYER_FACTS;
// @ts-expect-error a facts table without LayerNormalization does not type-check
const missingFacts: typeof LAYER_FACTS = factsWithoutOne;

describe('the conformance tables', () => {
  it('have exactly the layers of the layer table', () => {
    expect(Object.keys(ARBITRARIES).sort()).toEqual([...LAYER_NAMES].sort());
    expect(Object.keys(LAYER_FACTS).sort()).toEqual([...LAYER_NAMES].sort());
    expect(Object.keys(missingArbitrary)).not.toContain('AttentionWrapper');
    expect(Object.keys(missingFacts)).not.toContain('LayerNormalization');
  });
});
