import { LayerspecError, broadcastStatic, formatShape, sizeOf } from '@layerspec/spec';
import { allocRef, floats, type RefTensor } from '../ref-tensor.js';
import { forEachBroadcastRow } from './broadcast.js';
import { gemm } from './gemm.js';
import { input, type Kernel } from './types.js';

/**
 * Numpy matmul over float64 data. `transA`/`transB` say that the stored tensor holds the operand with
 * its last two dims swapped (the engine folds a preceding Transpose into the product this way).
 */
export function matmul(a: RefTensor, b: RefTensor, transA: boolean, transB: boolean, where: string): RefTensor {
  if (a.dtype !== 'float32') return matmulInt(a, b, where);
  const swap = (s: readonly number[], t: boolean): number[] => (t && s.length >= 2 ? [...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!] : [...s]);
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
  const out = allocRef('float32', outShape);
  const A = floats(a, where);
  const B = floats(b, where);
  const C = floats(out, where);
  if (bBatch.length === 0 && !ta) {
    // One tall product: the batch of A stacks into rows.
    gemm(A, 0, B, 0, C, 0, sizeOf(aBatch) * m, k, n, false, tb);
    return out;
  }
  let c = 0;
  forEachBroadcastRow(batch, [aBatch, bBatch], (_o, [ao, bo], len, [as, bs]) => {
    for (let i = 0, ai = ao!, bi = bo!; i < len; i++, ai += as!, bi += bs!, c++) {
      gemm(A, ai * m * k, B, bi * k * n, C, c * m * n, m, k, n, ta, tb);
    }
  });
  return out;
}

/** Integer matmul (rare: index arithmetic), a plain triple loop in exact integer math. */
function matmulInt(a: RefTensor, b: RefTensor, where: string): RefTensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new LayerspecError(where, 'int32 MatMul supports 2-D operands only');
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  if (b.shape[0] !== k) throw new LayerspecError(where, `inner dims differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)}`);
  const out = allocRef('int32', [m, n]);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += a.data[i * k + t]! * b.data[t * n + j]!;
      out.data[i * n + j] = s;
    }
  }
  return out;
}

export const matmulKernel: Kernel<'MatMul'> = (ins, _attrs, ctx) => [matmul(input(ins, 0), input(ins, 1), false, false, ctx.where)];
