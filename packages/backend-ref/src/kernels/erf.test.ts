import { describe, expect, it } from 'vitest';
import { erf } from './erf.js';

// Reference values of erf from standard tables (17 significant digits).
const TABLE: [number, number][] = [
  [0, 0],
  [0.1, 0.1124629160182849],
  [0.5, 0.5204998778130465],
  [1, 0.8427007929497149],
  [2, 0.9953222650189527],
  [2.5, 0.999593047982555],
  [3, 0.9999779095030014],
  [4, 0.9999999845827421],
];

describe('erf', () => {
  it.each(TABLE)('erf(%f) matches the table, and is odd', (x, value) => {
    expect(Math.abs(erf(x) - value)).toBeLessThan(1e-14);
    expect(Math.abs(erf(-x) + value)).toBeLessThan(1e-14);
  });
  it('saturates and propagates NaN', () => {
    expect(erf(10)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erf(NaN)).toBeNaN();
  });
});
