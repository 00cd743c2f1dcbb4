import { describe, it, expect } from 'vitest';
import { gemm, type Gemm } from './gemm.js';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values spanning several magnitudes, so a different summation order would change the bits. */
function randomArray(length: number, random: () => number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = (random() - 0.5) * 2 ** Math.floor(random() * 20 - 10);
  return out;
}

/** The oracle: a plain triple loop summing p = 0..k-1 from 0. */
const naiveGemm: Gemm<Float64Array> = (a, aOffset, b, bOffset, c, cOffset, m, k, n, transA, transB) => {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const av = a[aOffset + (transA ? p * m + i : i * k + p)]!;
        const bv = b[bOffset + (transB ? j * k + p : p * n + j)]!;
        sum += av * bv;
      }
      c[cOffset + i * n + j] = sum;
    }
  }
};

const SENTINEL = -777.25;
const TRANS_COMBOS: ReadonlyArray<readonly [boolean, boolean]> = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

interface Case {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
}

/**
 * Runs gemm and the oracle on the same inputs placed at non-zero offsets, with C pre-filled with
 * garbage inside its range and a sentinel outside. Returns a description of the first problem, or ''.
 */
function checkCase({ m, k, n, transA, transB }: Case, random: () => number, aInput?: Float64Array, bInput?: Float64Array): string {
  const aOffset = 3,
    bOffset = 5,
    cOffset = 7,
    pad = 4;
  const a = randomArray(aOffset + m * k + pad, random);
  const b = randomArray(bOffset + k * n + pad, random);
  if (aInput) a.set(aInput, aOffset);
  if (bInput) b.set(bInput, bOffset);
  const expected = new Float64Array(m * n);
  naiveGemm(a, aOffset, b, bOffset, expected, 0, m, k, n, transA, transB);

  const c = new Float64Array(cOffset + m * n + pad).fill(SENTINEL);
  for (let i = cOffset; i < cOffset + m * n; i++) c[i] = random() * 1e6; // must be overwritten, not accumulated
  const aBefore = a.slice(),
    bBefore = b.slice();
  gemm(a, aOffset, b, bOffset, c, cOffset, m, k, n, transA, transB);

  const label = `m=${m} k=${k} n=${n} transA=${transA} transB=${transB}`;
  for (let i = 0; i < c.length; i++) {
    const inside = i >= cOffset && i < cOffset + m * n;
    const want = inside ? expected[i - cOffset]! : SENTINEL;
    if (!Object.is(c[i], want)) return `${label}: c[${i}] = ${c[i]}, expected ${want}${inside ? '' : ' (outside C)'}`;
  }
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], aBefore[i])) return `${label}: A modified at ${i}`;
  for (let i = 0; i < b.length; i++) if (!Object.is(b[i], bBefore[i])) return `${label}: B modified at ${i}`;
  return '';
}

describe('gemm', () => {
  it('matches the naive triple loop bit for bit on odd sizes, all transpose combinations', () => {
    const random = makeRandom(1);
    const sizes = [0, 1, 2, 3, 4, 5, 7, 8, 17, 33, 65];
    const failures: string[] = [];
    let cases = 0;
    for (const [transA, transB] of TRANS_COMBOS) {
      for (const m of sizes)
        for (const k of sizes)
          for (const n of sizes) {
            const problem = checkCase({ m, k, n, transA, transB }, random);
            cases++;
            if (problem) failures.push(problem);
          }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(cases).toBe(4 * sizes.length ** 3);
  });

  it('handles shapes spanning several column blocks and the attention shapes', () => {
    const random = makeRandom(2);
    const shapes: ReadonlyArray<readonly [number, number, number]> = [
      [130, 300, 131],
      [3, 513, 259],
      [257, 2, 129],
      [128, 32, 128],
      [128, 128, 32],
      [64, 256, 256],
    ];
    for (const [transA, transB] of TRANS_COMBOS) {
      for (const [m, k, n] of shapes) expect(checkCase({ m, k, n, transA, transB }, random)).toBe('');
    }
  });

  it('stays correct when the scratch buffer is reused after growing and shrinking', () => {
    const random = makeRandom(3);
    const sequence: ReadonlyArray<readonly [number, number, number]> = [
      [5, 3, 6],
      [40, 700, 200],
      [7, 2, 3],
      [9, 700, 130],
      [2, 1, 1],
    ];
    for (const [m, k, n] of sequence) {
      expect(checkCase({ m, k, n, transA: false, transB: true }, random)).toBe('');
      expect(checkCase({ m, k, n, transA: true, transB: false }, random)).toBe('');
    }
  });

  it('propagates Infinity and NaN like the naive loop (padding must not leak into stored results)', () => {
    const random = makeRandom(4);
    const m = 5,
      k = 6,
      n = 7;
    const a = randomArray(m * k, random);
    const b = randomArray(k * n, random);
    a[2 * k + 1] = Infinity; // row 2 of A (non-transposed layout)
    b[3 * n + 6] = NaN; // last column, in the zero-padded final panel
    b[4 * n + 2] = -Infinity;
    for (const [transA, transB] of TRANS_COMBOS) {
      expect(checkCase({ m, k, n, transA, transB }, random, a, b)).toBe('');
    }
  });

  it('writes zeros when k = 0 and nothing when m or n is 0', () => {
    const c = new Float64Array(8).fill(SENTINEL);
    gemm(new Float64Array(0), 0, new Float64Array(0), 0, c, 1, 2, 0, 3, false, false);
    expect(Array.from(c)).toEqual([SENTINEL, 0, 0, 0, 0, 0, 0, SENTINEL]);
    const untouched = new Float64Array(4).fill(SENTINEL);
    gemm(new Float64Array(6), 0, new Float64Array(6), 0, untouched, 0, 0, 3, 2, false, false);
    gemm(new Float64Array(6), 0, new Float64Array(6), 0, untouched, 0, 2, 3, 0, true, true);
    expect(Array.from(untouched)).toEqual([SENTINEL, SENTINEL, SENTINEL, SENTINEL]);
  });

  it('rejects views that do not fit and invalid sizes', () => {
    const a = new Float64Array(6),
      b = new Float64Array(6),
      c = new Float64Array(4);
    expect(() => gemm(a, 1, b, 0, c, 0, 2, 3, 2, false, false)).toThrow(RangeError);
    expect(() => gemm(a, 0, b, 1, c, 0, 2, 3, 2, false, false)).toThrow(RangeError);
    expect(() => gemm(a, 0, b, 0, c, 1, 2, 3, 2, false, false)).toThrow(RangeError);
    expect(() => gemm(a, 0, b, 0, c, 0, -1, -3, 2, false, false)).toThrow(RangeError);
    expect(() => gemm(a, 0, b, 0, c, 0, 1.5, 2, 2, false, false)).toThrow(RangeError);
  });
});
