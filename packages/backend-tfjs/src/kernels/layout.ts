import {
  LayerspecError,
  type OpName,
  broadcastStatic,
  formatShape,
  normalizeAxes,
  normalizeAxis,
  reshapeDims,
  shapeRange,
  sliceLength,
  sliceStart,
} from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';
import { select } from './elementwise.js';
import { hostInts } from './host-ints.js';
import { recording } from './tape.js';
import { input, type TfKernel } from './types.js';

/** tf.gather, with a gradient that the wasm runtime can compute while a tape records (see below). */
function differentiableGather(x: Tensor, ids: Tensor, axis: number): Tensor {
  return x.dtype === 'float32' && recording() && tf.getBackend() === 'wasm' ? gatherOneHotGrad(x, ids, axis) : tf.gather(x, ids, axis);
}

/** `gatherRowsOneHotGrad` along any axis: the gathered axis moved to the front, then the result's axes back. */
function gatherOneHotGrad(x: Tensor, ids: Tensor, axis: number): Tensor {
  if (axis === 0) return gatherRowsOneHotGrad(x, ids);
  const front = [axis, ...x.shape.keys()].filter((d, i) => i === 0 || d !== axis);
  const rows = gatherRowsOneHotGrad(tf.transpose(x, front), ids);
  // rows: ids' dims, then x's dims before `axis`, then those after it.
  const k = ids.rank;
  const back = [
    ...Array.from({ length: axis }, (_, i) => k + i),
    ...Array.from({ length: k }, (_, i) => i),
    ...Array.from({ length: x.rank - 1 - axis }, (_, i) => k + axis + i),
  ];
  return tf.transpose(rows, back);
}

/**
 * Rows of `table` at `ids` whose gradient is a one-hot product: d table = onehot(ids)^T @ d output.
 * tfjs's own Gather gradient needs UnsortedSegmentSum, which the wasm backend has no kernel for (an
 * Embedding could not train there). The forward values are tf.gather's.
 */
function gatherRowsOneHotGrad(table: Tensor, ids: Tensor): Tensor {
  const rows = table.shape[0]!;
  const width = table.size / rows;
  const f = tf.customGrad((...args: (Tensor | ((tensors: Tensor[]) => void))[]) => {
    // tfjs passes the inputs, then its save function, in one untyped list. The ids are an input so
    // that the tape keeps them until the gradient runs.
    const [t, i, save] = args as [Tensor, Tensor, (tensors: Tensor[]) => void];
    save([i]);
    return {
      value: tf.gather(t, i, 0),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const flat = tf.reshape(saved[0]!, [-1]);
        // tf.oneHot needs a depth of 2 or more; with one row every valid id is 0.
        const oneHot = rows === 1 ? tf.ones([flat.size, 1]) : tf.oneHot(flat, rows);
        const grad = tf.matMul(tf.cast(oneHot, 'float32'), tf.reshape(dy, [-1, width]), true, false);
        return [tf.reshape(grad, table.shape), tf.zerosLike(saved[0]!)];
      },
    };
  });
  return f(table, ids) as Tensor;
}

/** The layout and indexing ops. */
export const layoutKernels = {
  Transpose: (ins, attrs) => {
    const x = input(ins, 0);
    return [tf.transpose(x, attrs.perm.length === 0 ? undefined : attrs.perm)];
  },
  Reshape: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    return [tf.reshape(x, reshapeDims(x.shape, attrs.shape, ctx.where).map(Number))];
  },
  Unsqueeze: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const rank = x.rank + attrs.axes.length;
    const axes = normalizeAxes(attrs.axes, rank, ctx.where);
    const shape: number[] = [];
    for (let i = 0, j = 0; i < rank; i++) shape.push(axes.includes(i) ? 1 : x.shape[j++]!);
    return [tf.reshape(x, shape)];
  },
  Squeeze: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const axes = normalizeAxes(attrs.axes, x.rank, ctx.where);
    for (const a of axes) {
      if (x.shape[a] !== 1) throw new LayerspecError(ctx.where, `cannot squeeze axis ${a} of ${formatShape(x.shape)}`);
    }
    return [
      tf.reshape(
        x,
        x.shape.filter((_, i) => !axes.includes(i)),
      ),
    ];
  },
  Expand: (ins, _attrs, ctx) => {
    const x = input(ins, 0);
    const shape = broadcastStatic(x.shape, hostInts(input(ins, 1), ctx.where), ctx.where);
    const padded = x.rank < shape.length ? tf.reshape(x, [...Array<number>(shape.length - x.rank).fill(1), ...x.shape]) : x;
    return [tf.broadcastTo(padded, shape)];
  },
  Concat: (ins, attrs, ctx) => {
    const parts = ins.filter((t): t is Tensor => t !== undefined);
    const axis = normalizeAxis(attrs.axis, input(ins, 0).rank, ctx.where);
    return [parts.length === 1 ? tf.clone(parts[0]!) : tf.concat(parts, axis)];
  },
  /** ONNX Slice: each sliced axis is a contiguous slice (step 1) or a gather of the stepped indices. */
  Slice: (ins, attrs, ctx) => {
    let x = input(ins, 0);
    const n = attrs.starts.length;
    const axes = attrs.axes.length === 0 ? [...Array(n).keys()] : normalizeAxes(attrs.axes, x.rank, ctx.where);
    axes.forEach((axis, i) => {
      const size = x.shape[axis]!;
      const step = attrs.steps[i] ?? 1;
      const start = sliceStart(size, attrs.starts[i]!, step);
      const length = sliceLength(size, attrs.starts[i]!, attrs.ends[i]!, step);
      if (step === 1) {
        const begin = x.shape.map((_, d) => (d === axis ? start : 0));
        const sizes = x.shape.map((s, d) => (d === axis ? length : s));
        x = tf.slice(x, begin, sizes);
      } else {
        const indices = Array.from({ length }, (_, j) => start + j * step);
        x = differentiableGather(x, tf.tensor1d(indices, 'int32'), axis);
      }
    });
    return [x === ins[0] ? tf.clone(x) : x];
  },
  Gather: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const axis = normalizeAxis(attrs.axis, x.rank, ctx.where);
    const size = x.shape[axis]!;
    const raw = hostInts(input(ins, 1), ctx.where);
    const bad = raw.find((i) => i < -size || i >= size);
    if (bad !== undefined) throw new LayerspecError(ctx.where, `index ${bad} is out of range for axis ${axis} of size ${size}`);
    const idx = input(ins, 1);
    const fixed = tf.tensor(
      raw.map((i) => (i < 0 ? i + size : i)),
      idx.shape,
      'int32',
    );
    return [differentiableGather(x, fixed, axis)];
  },
  Shape: (ins, attrs) => {
    const dims = shapeRange(input(ins, 0).shape, attrs.start, attrs.end);
    return [tf.tensor1d(dims, 'int32')];
  },
  /** Keeps a triangle of the last two dims: a host-made bool mask and a select. */
  Trilu: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    const k = ins[1] ? hostInts(ins[1], ctx.where)[0]! : 0;
    const rows = x.shape[x.rank - 2]!;
    const cols = x.shape[x.rank - 1]!;
    const keep = new Uint8Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) keep[i * cols + j] = (attrs.upper ? j - i >= k : j - i <= k) ? 1 : 0;
    return [select(tf.tensor(keep, [rows, cols], 'bool'), x, tf.zerosLike(x))];
  },
} satisfies { [K in OpName]?: TfKernel<K> };
