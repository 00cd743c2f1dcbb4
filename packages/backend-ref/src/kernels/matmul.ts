import { LayerspecError, broadcastStatic, formatShape, sizeOf } from '@layerspec/spec';
import { allocRef, floats, ints, type RefTensor } from '../ref-tensor.js';
import { forEachBroadcastRow } from './broadcast.js';
import { gemm, type Gemm } from './gemm.js';
import { input, type Kernel } from './types.js';

/**
 * Numpy matmul over float64 data (or int32, wrapping). `transA`/`transB` say that the stored tensor holds the operand with
 * its last two dims swapped (the engine folds a preceding Transpose into the product this way).
 */
export function matmul(a: RefTensor, b: RefTensor, transA: boolean, transB: boolean, where: string): RefTensor {
  const swap = (s: readonly number[], t: boolean): number[] =>
    t && s.length >= 2 ? [...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!] : [...s];
  const aShape = a.shape.length === 1 ? [1, a.shape[0]!] : swap(a.shape, transA);
  const bShape = b.shape.length === 1 ? [b.shape[0]!, 1] : swap(b.shape, transB);
  const ta = a.shape.length > 1 && transA;
  const tb = b.shape.length > 1 && transB;
  const m = aShape[aShape.length - 2]!;
  const k = aShape[aShape.length - 1]!;
  const n = bShape[bShape.length - 1]!;
  if (bShape[bShape.length - 2] !== k) {
    throw new LayerspecError(where, `inner dims differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)}`);
  }
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const batch = broadcastStatic(aBatch, bBatch, where);
  const outShape = [...batch];
  if (a.shape.length > 1) outShape.push(m);
  if (b.shape.length > 1) outShape.push(n);
  const out = allocRef(a.dtype, outShape);
  let product: (aOffset: number, bOffset: number, cOffset: number) => void;
  if (a.dtype === 'float32') {
    const A = floats(a, where);
    const B = floats(b, where);
    const C = floats(out, where);
    if (bBatch.length === 0 && !ta) {
      // One tall product: the batch of A stacks into rows.
      gemm(A, 0, B, 0, C, 0, sizeOf(aBatch) * m, k, n, false, tb);
      return out;
    }
    product = (ao, bo, co) => gemm(A, ao, B, bo, C, co, m, k, n, ta, tb);
  } else {
    const A = ints(a, where);
    const B = ints(b, where);
    const C = ints(out, where);
    product = (ao, bo, co) => gemmInt(A, ao, B, bo, C, co, m, k, n, ta, tb);
  }
  let c = 0;
  forEachBroadcastRow(batch, [aBatch, bBatch], (_o, [ao, bo], len, [as, bs]) => {
    for (let i = 0, ai = ao!, bi = bo!; i < len; i++, ai += as!, bi += bs!, c++) product(ai * m * k, bi * k * n, c * m * n);
  });
  return out;
}

/**
 * Integer product (rare: index arithmetic) with the same layout as `gemm`: a plain triple loop that
 * wraps like int32 arithmetic (Math.imul, then |0 on each sum).
 */
const gemmInt: Gemm<Int32Array> = (a, aOffset, b, bOffset, c, cOffset, m, k, n, transA, transB) => {
  const [aRow, aCol] = transA ? [1, m] : [k, 1];
  const [bRow, bCol] = transB ? [1, k] : [n, 1];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = (s + Math.imul(a[aOffset + i * aRow + p * aCol]!, b[bOffset + p * bRow + j * bCol]!)) | 0;
      c[cOffset + i * n + j] = s;
    }
  }
};

export const matmulKernel: Kernel<'MatMul'> = (ins, _attrs, ctx) => [matmul(input(ins, 0), input(ins, 1), false, false, ctx.where)];
