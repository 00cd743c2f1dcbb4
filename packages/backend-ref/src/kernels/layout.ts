import {
  LayerspecError,
  type OpName,
  formatShape,
  normalizeAxes,
  normalizeAxis,
  reshapeDims,
  shapeRange,
  sizeOf,
  sliceLength,
  stridesOf,
} from '@layerspec/spec';
import { allocRef, ints, withShape, type RefTensor } from '../ref-tensor.js';
import { broadcastAll, forEachBroadcastRow } from './broadcast.js';
import { input, type Kernel } from './types.js';

/** Copies `x` permuted by `perm`, walking the output in order with the innermost dim as a strided row. */
export function permute(x: RefTensor, perm: readonly number[]): RefTensor {
  const outShape = perm.map((p) => x.shape[p]!);
  const out = allocRef(x.dtype, outShape);
  const inStrides = stridesOf([...x.shape]);
  const strides = perm.map((p) => inStrides[p]!);
  const src = x.data;
  const dst = out.data;
  const rank = outShape.length;
  if (rank === 0 || dst.length === 0) {
    if (rank === 0) dst[0] = src[0]!;
    return out;
  }
  const n = outShape[rank - 1]!;
  const step = strides[rank - 1]!;
  const counter = new Array<number>(rank - 1).fill(0);
  let from = 0;
  for (let at = 0; at < dst.length; at += n) {
    for (let k = 0, i = from; k < n; k++, i += step) dst[at + k] = src[i]!;
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      from += strides[d]!;
      if (counter[d]! < outShape[d]!) break;
      from -= strides[d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
  return out;
}

/** Copies the strided view (offset, strides) of `x.data` with shape `x.shape` into a new tensor. */
function gatherStrided(x: RefTensor, offset: number, strides: readonly number[]): RefTensor {
  const out = allocRef(x.dtype, x.shape);
  const rank = x.shape.length;
  const counter = new Array<number>(rank).fill(0);
  let from = offset;
  for (let at = 0; at < out.data.length; at++) {
    out.data[at] = x.data[from]!;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      from += strides[d]!;
      if (counter[d]! < x.shape[d]!) break;
      from -= strides[d]! * x.shape[d]!;
      counter[d] = 0;
    }
  }
  return out;
}

/** The layout and indexing ops. */
export const layoutKernels = {
  Transpose: (ins, attrs) => {
    const x = input(ins, 0);
    const perm = attrs.perm.length === 0 ? [...x.shape.keys()].reverse() : attrs.perm;
    return [permute(x, perm)];
  },
  Reshape: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const shape = reshapeDims(x.shape, attrs.shape, ctx.where).map(Number);
    if (sizeOf(shape) !== x.data.length) {
      throw new LayerspecError(ctx.where, `cannot reshape ${formatShape(x.shape)} to [${attrs.shape.join(', ')}]`);
    }
    return [withShape(x, shape)];
  },
  Unsqueeze: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const rank = x.shape.length + attrs.axes.length;
    const axes = normalizeAxes(attrs.axes, rank, ctx.where);
    const shape: number[] = [];
    for (let i = 0, j = 0; i < rank; i++) shape.push(axes.includes(i) ? 1 : x.shape[j++]!);
    return [withShape(x, shape)];
  },
  Squeeze: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const axes = normalizeAxes(attrs.axes, x.shape.length, ctx.where);
    for (const a of axes) {
      if (x.shape[a] !== 1) throw new LayerspecError(ctx.where, `cannot squeeze axis ${a} of ${formatShape(x.shape)}`);
    }
    return [
      withShape(
        x,
        x.shape.filter((_, i) => !axes.includes(i)),
      ),
    ];
  },
  Expand: (ins, _attrs, ctx) => {
    const x = input(ins, 0);
    const target = Array.from(ints(input(ins, 1), ctx.where));
    const shape = broadcastAll([x.shape, target], ctx.where);
    const out = allocRef(x.dtype, shape);
    const src = x.data;
    const dst = out.data;
    forEachBroadcastRow(shape, [x.shape], (oo, [xo], n, [xs]) => {
      for (let k = 0, i = xo!; k < n; k++, i += xs!) dst[oo + k] = src[i]!;
    });
    return [out];
  },
  Concat: (ins, attrs, ctx) => {
    const parts = ins.filter((t): t is RefTensor => t !== undefined);
    const first = input(ins, 0);
    const axis = normalizeAxis(attrs.axis, first.shape.length, ctx.where);
    const shape = [...first.shape];
    shape[axis] = parts.reduce((s, p) => s + p.shape[axis]!, 0);
    for (const p of parts) {
      if (p.shape.some((d, i) => i !== axis && d !== shape[i])) {
        throw new LayerspecError(ctx.where, `cannot concatenate ${formatShape(p.shape)} with ${formatShape(first.shape)} on axis ${axis}`);
      }
    }
    const out = allocRef(first.dtype, shape);
    const outer = sizeOf(shape.slice(0, axis));
    const rowOut = sizeOf(shape.slice(axis));
    let offset = 0;
    for (const p of parts) {
      const row = sizeOf(p.shape.slice(axis));
      for (let o = 0; o < outer; o++) out.data.set(p.data.subarray(o * row, (o + 1) * row), o * rowOut + offset);
      offset += row;
    }
    return [out];
  },
  Slice: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const rank = x.shape.length;
    const n = attrs.starts.length;
    const axes = attrs.axes.length === 0 ? [...Array(n).keys()] : normalizeAxes(attrs.axes, rank, ctx.where);
    const starts = new Array<number>(rank).fill(0);
    const steps = new Array<number>(rank).fill(1);
    const shape = [...x.shape];
    axes.forEach((axis, i) => {
      const size = x.shape[axis]!;
      const step = attrs.steps[i] ?? 1;
      let start = attrs.starts[i]!;
      start = start < 0 ? start + size : start;
      // ONNX clamping, as in the spec's sliceLength: [0, size] stepping forward, [0, size - 1] backward.
      start = step > 0 ? Math.min(Math.max(start, 0), size) : Math.min(Math.max(start, 0), size - 1);
      shape[axis] = sliceLength(size, attrs.starts[i]!, attrs.ends[i]!, step);
      starts[axis] = start;
      steps[axis] = step;
    });
    const inStrides = stridesOf([...x.shape]);
    const base = starts.reduce((s, v, i) => s + v * inStrides[i]!, 0);
    const view: RefTensor = { dtype: x.dtype, shape, data: x.data };
    return [
      gatherStrided(
        view,
        base,
        steps.map((s, i) => s * inStrides[i]!),
      ),
    ];
  },
  Gather: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const idx = input(ins, 1);
    const indices = ints(idx, ctx.where);
    const axis = normalizeAxis(attrs.axis, x.shape.length, ctx.where);
    const size = x.shape[axis]!;
    const outer = sizeOf(x.shape.slice(0, axis));
    const inner = sizeOf(x.shape.slice(axis + 1));
    const out = allocRef(x.dtype, [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)]);
    let at = 0;
    for (let o = 0; o < outer; o++) {
      for (const raw of indices) {
        const i = raw < 0 ? raw + size : raw;
        if (i < 0 || i >= size) throw new LayerspecError(ctx.where, `index ${raw} is out of range for axis ${axis} of size ${size}`);
        const from = (o * size + i) * inner;
        out.data.set(x.data.subarray(from, from + inner), at);
        at += inner;
      }
    }
    return [out];
  },
  Shape: (ins, attrs) => {
    const dims = shapeRange(input(ins, 0).shape, attrs.start, attrs.end);
    return [{ dtype: 'int32', shape: [dims.length], data: Int32Array.from(dims) }];
  },
  Trilu: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const kInput = ins[1];
    const k = kInput ? ints(kInput, ctx.where)[0]! : 0;
    const rows = x.shape[x.shape.length - 2]!;
    const cols = x.shape[x.shape.length - 1]!;
    const out = allocRef(x.dtype, x.shape);
    out.data.set(x.data);
    if (rows * cols === 0) return [out];
    for (let m = 0; m < out.data.length; m += rows * cols) {
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const keep = attrs.upper ? j - i >= k : j - i <= k;
          if (!keep) out.data[m + i * cols + j] = 0;
        }
      }
    }
    return [out];
  },
} satisfies { [K in OpName]?: Kernel<K> };
