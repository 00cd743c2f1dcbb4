/** Width of the column panels B is packed into; gemm's micro-kernels compute this many columns at once. */
export const PANEL_WIDTH = 4;

let scratch = new Float64Array(4096);

/** Module-level scratch buffer, grown (never shrunk) to hold at least `length` values. */
export function packScratch(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(Math.max(length, scratch.length * 2));
  return scratch;
}

/**
 * Copies columns j0..j0+nc-1 of B (k×n, or n×k when transB) into `out` as ceil(nc/4) panels
 * of k×4 values, panel after panel; row p of a panel holds its 4 columns' values at p.
 * Columns past the end of the last panel are zero-filled so the kernels never need a
 * narrower variant (the padded results are simply not stored).
 */
export function packB(
  b: Float64Array,
  bOffset: number,
  k: number,
  n: number,
  transB: boolean,
  j0: number,
  nc: number,
  out: Float64Array,
): void {
  let d = 0;
  for (let jp = 0; jp < nc; jp += PANEL_WIDTH) {
    const width = Math.min(PANEL_WIDTH, nc - jp);
    const j = j0 + jp;
    if (width === PANEL_WIDTH && !transB) {
      let s = bOffset + j;
      for (let p = 0; p < k; p++) {
        out[d] = b[s]!;
        out[d + 1] = b[s + 1]!;
        out[d + 2] = b[s + 2]!;
        out[d + 3] = b[s + 3]!;
        s += n;
        d += 4;
      }
    } else if (width === PANEL_WIDTH) {
      // B is n×k: each of the panel's columns is a contiguous row of the stored matrix.
      let s0 = bOffset + j * k;
      let s1 = s0 + k,
        s2 = s1 + k,
        s3 = s2 + k;
      for (let p = 0; p < k; p++) {
        out[d] = b[s0++]!;
        out[d + 1] = b[s1++]!;
        out[d + 2] = b[s2++]!;
        out[d + 3] = b[s3++]!;
        d += 4;
      }
    } else {
      const rowStride = transB ? 1 : n,
        colStride = transB ? k : 1;
      for (let p = 0; p < k; p++) {
        const s = bOffset + p * rowStride + j * colStride;
        for (let jj = 0; jj < PANEL_WIDTH; jj++) out[d + jj] = jj < width ? b[s + jj * colStride]! : 0;
        d += 4;
      }
    }
  }
}

/**
 * Copies columns `index` and `index + 1` of the row-major k×m matrix starting at `a[index]`
 * (rows i, i+1 of A when A is stored transposed) into `out` from `outOffset`, interleaved as
 * A(i, 0), A(i+1, 0), A(i, 1), A(i+1, 1), ...
 */
export function packRowPair(a: Float64Array, index: number, m: number, k: number, out: Float64Array, outOffset: number): void {
  let s = index,
    d = outOffset;
  for (let p = 0; p < k; p++) {
    out[d] = a[s]!;
    out[d + 1] = a[s + 1]!;
    s += m;
    d += 2;
  }
}
