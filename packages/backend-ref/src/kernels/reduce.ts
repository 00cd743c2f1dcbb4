import { normalizeAxes, type ReduceAttrs } from '@layerspec/spec';
import { allocRef, type RefTensor } from '../ref-tensor.js';
import { input, type KernelFn } from './types.js';

type Mode = 'sum' | 'mean' | 'max';

/** Reduces `x` over `axes` (float64 accumulation), walking the input once in memory order. */
function reduce(x: RefTensor, axesAttr: readonly number[], keepdims: boolean, mode: Mode, where: string): RefTensor {
  const rank = x.shape.length;
  const axes = axesAttr.length === 0 ? [...Array(rank).keys()] : normalizeAxes(axesAttr, rank, where);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepdims ? keptShape : x.shape.filter((_, i) => !axes.includes(i));
  const outSize = keptShape.reduce((a, b) => a * b, 1);
  const acc = new Float64Array(outSize).fill(mode === 'max' ? -Infinity : 0);
  // Output stride of each input dim (0 on reduced dims).
  const outStrides = new Array<number>(rank).fill(0);
  for (let i = rank - 1, s = 1; i >= 0; i--) {
    outStrides[i] = axes.includes(i) ? 0 : s;
    s *= keptShape[i]!;
  }
  const src = x.data;
  const inner = rank === 0 ? 1 : x.shape[rank - 1]!;
  const innerStride = rank === 0 ? 0 : outStrides[rank - 1]!;
  const counter = new Array<number>(Math.max(rank - 1, 0)).fill(0);
  let outAt = 0;
  for (let at = 0; at < src.length; at += inner) {
    if (mode === 'max') {
      for (let k = 0, o = outAt; k < inner; k++, o += innerStride) {
        const v = src[at + k]!;
        if (v > acc[o]! || Number.isNaN(v)) acc[o] = v;
      }
    } else {
      for (let k = 0, o = outAt; k < inner; k++, o += innerStride) acc[o]! += src[at + k]!;
    }
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      outAt += outStrides[d]!;
      if (counter[d]! < x.shape[d]!) break;
      outAt -= outStrides[d]! * x.shape[d]!;
      counter[d] = 0;
    }
  }
  const count = axes.reduce((n, a) => n * x.shape[a]!, 1);
  const out = allocRef(x.dtype, outShape);
  for (let i = 0; i < outSize; i++) out.data[i] = mode === 'mean' ? acc[i]! / count : acc[i]!;
  return out;
}

export const reduceKernels = {
  ReduceSum: (ins, a, ctx) => [reduce(input(ins, 0), a.axes, a.keepdims, 'sum', ctx.where)],
  ReduceMean: (ins, a, ctx) => [reduce(input(ins, 0), a.axes, a.keepdims, 'mean', ctx.where)],
  ReduceMax: (ins, a, ctx) => [reduce(input(ins, 0), a.axes, a.keepdims, 'max', ctx.where)],
} satisfies Record<string, KernelFn<ReduceAttrs>>;
