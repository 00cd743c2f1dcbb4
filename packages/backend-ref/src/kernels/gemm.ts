import { PANEL_WIDTH, packB, packRowPair, packScratch } from './gemm-pack.js';

/**
 * Columns of B packed at a time. This bounds the scratch buffer to 128·k values; block size
 * measured performance-neutral (64, 128, unblocked) for the shapes this engine runs.
 */
const COLUMN_BLOCK = 128;

/**
 * C (m×n) = A · B on row-major views of `T` starting at the given offsets: A is m×k (or k×m when
 * `transA`), B is k×n (or n×k when `transB`); C is overwritten.
 */
export type Gemm<T> = (
  a: T,
  aOffset: number,
  b: T,
  bOffset: number,
  c: T,
  cOffset: number,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
) => void;

/**
 * C (m×n) = A · B, all row-major Float64Array views starting at the given offsets.
 * A is m×k (or k×m when transA), B is k×n (or n×k when transB). C is overwritten (not accumulated).
 *
 * Every C element is summed over p = 0..k-1 in order from 0, exactly like a naive triple loop,
 * so results are bit-identical to it. C must not overlap A or B.
 * Throws RangeError if a view does not fit in its array.
 */
export const gemm: Gemm<Float64Array> = (a, aOffset, b, bOffset, c, cOffset, m, k, n, transA, transB) => {
  if (!(isCount(m) && isCount(k) && isCount(n))) {
    throw new RangeError(`gemm: m, k, n must be non-negative integers, got ${m}, ${k}, ${n}`);
  }
  checkView('a', a, aOffset, m * k);
  checkView('b', b, bOffset, k * n);
  checkView('c', c, cOffset, m * n);
  if (m === 0 || n === 0) return;
  if (k === 0) {
    c.fill(0, cOffset, cOffset + m * n);
    return;
  }
  // A(i, p) = a[aOffset + i * aRowStride + p * aStep]
  const aRowStride = transA ? 1 : k;
  const aStep = transA ? m : 1;
  const packedBSize = Math.ceil(Math.min(n, COLUMN_BLOCK) / PANEL_WIDTH) * PANEL_WIDTH * k;
  const scratch = packScratch(packedBSize + (transA ? 2 * k : 0));
  for (let j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
    const nc = Math.min(COLUMN_BLOCK, n - j0);
    packB(b, bOffset, k, n, transB, j0, nc, scratch);
    // A stored transposed is walked with stride m, a new cache line per step (and for m = 512 all
    // in one L1 set). Copying each row pair next to the packed B pays off once it is reused for
    // enough panels; below ~16 panels the copy measured slower than reading A in place.
    const packRows = transA && nc >= 64;
    let i = 0;
    for (; i + 2 <= m; i += 2) {
      const cRow = cOffset + i * n + j0;
      if (packRows) {
        packRowPair(a, aOffset + i, m, k, scratch, packedBSize);
        for (let jp = 0; jp < nc; jp += PANEL_WIDTH) {
          kernel2x4(scratch, packedBSize, 1, 2, k, scratch, jp * k, c, cRow + jp, n, Math.min(PANEL_WIDTH, nc - jp));
        }
      } else {
        const aIndex = aOffset + i * aRowStride;
        for (let jp = 0; jp < nc; jp += PANEL_WIDTH) {
          kernel2x4(a, aIndex, aRowStride, aStep, k, scratch, jp * k, c, cRow + jp, n, Math.min(PANEL_WIDTH, nc - jp));
        }
      }
    }
    for (; i < m; i++) {
      const aIndex = aOffset + i * aRowStride;
      const cRow = cOffset + i * n + j0;
      for (let jp = 0; jp < nc; jp += PANEL_WIDTH) {
        kernel1x4(a, aIndex, aRowStride, aStep, k, scratch, jp * k, c, cRow + jp, n, Math.min(PANEL_WIDTH, nc - jp));
      }
    }
  }
};

/**
 * C[rows × width] = rows of A from `aIndex` (rows `aRowStride` apart, `aStep` between a row's values) ·
 * one packed k×4 panel of B from `bIndex`, stored at `cIndex` in C of row length `n`.
 */
type PanelKernel = (
  a: Float64Array,
  aIndex: number,
  aRowStride: number,
  aStep: number,
  k: number,
  bp: Float64Array,
  bIndex: number,
  c: Float64Array,
  cIndex: number,
  n: number,
  width: number,
) => void;

/**
 * C[2 rows × width] = 2 rows of A · one packed k×4 panel of B. The tile is small on purpose:
 * 8 accumulators plus 6 loaded values about fill x64's 16 float registers, and 4×4 or larger
 * tiles measured 10–15% slower because V8 then spills accumulators to the stack on every step.
 * `| 0` keeps the index math in int32 without overflow checks.
 */
const kernel2x4: PanelKernel = (a, aIndex, aRowStride, aStep, k, bp, bIndex, c, cIndex, n, width) => {
  const r1 = aRowStride | 0;
  const step = aStep | 0;
  let ai = aIndex | 0;
  let bi = bIndex | 0;
  const bEnd = (bi + 4 * k) | 0;
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  for (; bi < bEnd; bi = (bi + 4) | 0) {
    const b0 = bp[bi]!,
      b1 = bp[(bi + 1) | 0]!,
      b2 = bp[(bi + 2) | 0]!,
      b3 = bp[(bi + 3) | 0]!;
    const a0 = a[ai]!,
      a1 = a[(ai + r1) | 0]!;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    ai = (ai + step) | 0;
  }
  if (width === PANEL_WIDTH) {
    c[cIndex] = c00;
    c[cIndex + 1] = c01;
    c[cIndex + 2] = c02;
    c[cIndex + 3] = c03;
    const r = cIndex + n;
    c[r] = c10;
    c[r + 1] = c11;
    c[r + 2] = c12;
    c[r + 3] = c13;
  } else {
    storeRow(c, cIndex, width, c00, c01, c02);
    storeRow(c, cIndex + n, width, c10, c11, c12);
  }
};

/** The last row of A when m is odd, against one packed panel. */
const kernel1x4: PanelKernel = (a, aIndex, _aRowStride, aStep, k, bp, bIndex, c, cIndex, _n, width) => {
  const step = aStep | 0;
  let ai = aIndex | 0;
  let bi = bIndex | 0;
  const bEnd = (bi + 4 * k) | 0;
  let c0 = 0,
    c1 = 0,
    c2 = 0,
    c3 = 0;
  for (; bi < bEnd; bi = (bi + 4) | 0) {
    const a0 = a[ai]!;
    c0 += a0 * bp[bi]!;
    c1 += a0 * bp[(bi + 1) | 0]!;
    c2 += a0 * bp[(bi + 2) | 0]!;
    c3 += a0 * bp[(bi + 3) | 0]!;
    ai = (ai + step) | 0;
  }
  if (width === PANEL_WIDTH) {
    c[cIndex] = c0;
    c[cIndex + 1] = c1;
    c[cIndex + 2] = c2;
    c[cIndex + 3] = c3;
  } else {
    storeRow(c, cIndex, width, c0, c1, c2);
  }
};

/** Stores the first `width` (< 4) columns of a partial panel row. */
function storeRow(c: Float64Array, index: number, width: number, v0: number, v1: number, v2: number): void {
  c[index] = v0;
  if (width > 1) c[index + 1] = v1;
  if (width > 2) c[index + 2] = v2;
}

function isCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0;
}

function checkView(name: string, array: Float64Array, offset: number, size: number): void {
  if (!(Number.isInteger(offset) && offset >= 0 && offset + size <= array.length)) {
    throw new RangeError(`gemm: ${name} needs ${size} values from offset ${offset}, but its length is ${array.length}`);
  }
}
