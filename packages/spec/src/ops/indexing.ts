import { normalizeAxes, normalizeAxis } from '../shape.js';
import type { Dim } from '../types.js';
import { ANY, INT, defineOp, fail, required } from './define.js';

/** Ops that pick parts of a tensor by index: Slice, Gather, and Shape (a slice of the dims). */

export interface SliceAttrs {
  starts: number[];
  ends: number[];
  axes: number[];
  steps: number[];
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

/** The first index a Slice reads (ONNX: clamped to [0, size] stepping forward, [0, size - 1] backward). */
export function sliceStart(size: number, start: number, step: number): number {
  const s = start < 0 ? start + size : start;
  return step > 0 ? clamp(s, 0, size) : clamp(s, 0, size - 1);
}

/** ONNX Slice clamping for one dim of known size. */
export function sliceLength(size: number, start: number, end: number, step: number): number {
  const s = sliceStart(size, start, step);
  const e = end < 0 ? end + size : end;
  const last = step > 0 ? clamp(e, 0, size) : clamp(e, -1, size - 1);
  return Math.max(0, Math.ceil((last - s) / step));
}

export const Slice = defineOp<SliceAttrs>({
  doc:
    'Takes data[starts:ends:steps] along `axes` with ONNX clamping (negative indices count from the end; ' +
    'an end of 2147483647 means "to the end").',
  inputs: [{ name: 'data', dtypes: ANY }],
  outputs: ['output'],
  attrs: {
    starts: { kind: 'ints', doc: 'start index per sliced axis' },
    ends: { kind: 'ints', doc: 'end index (exclusive) per sliced axis' },
    axes: { kind: 'ints', default: [], doc: 'sliced axes; [] = 0..n-1' },
    steps: { kind: 'ints', default: [], doc: 'step per sliced axis; [] = all 1' },
  },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    const n = attrs.starts.length;
    const list = (name: string, v: readonly number[]): string => `${name} [${v.join(', ')}]`;
    if (attrs.ends.length !== n) fail(where, `${list('starts', attrs.starts)} and ${list('ends', attrs.ends)} must have the same length`);
    const axes = attrs.axes.length === 0 ? [...Array(n).keys()] : normalizeAxes(attrs.axes, x.shape.length, where);
    if (axes.length !== n) fail(where, `${list('axes', attrs.axes)} must have the same length as ${list('starts', attrs.starts)}`);
    const steps = attrs.steps.length === 0 ? axes.map(() => 1) : attrs.steps;
    if (steps.length !== n || steps.includes(0)) {
      fail(where, `${list('steps', steps)} must be non-zero, one per start (${list('starts', attrs.starts)})`);
    }
    const shape = [...x.shape];
    axes.forEach((axis, i) => {
      const size = x.shape[axis]!;
      const [start, end, step] = [attrs.starts[i]!, attrs.ends[i]!, steps[i]!];
      shape[axis] = typeof size === 'number' ? sliceLength(size, start, end, step) : symbolicSliceLength(size, start, end, step);
    });
    const sliced = (v: readonly Dim[]): Dim[] => (n === 0 ? [...v] : sliceValues(v, attrs.starts[0]!, attrs.ends[0]!, steps[0]!));
    const value = x.value && x.shape.length === 1 && typeof x.shape[0] === 'number' ? sliced(x.value) : undefined;
    return [{ dtype: x.dtype, shape, ...(value ? { value } : {}) }];
  },
});

function symbolicSliceLength(size: string, start: number, end: number, step: number): Dim {
  // Only a slice to the end from a non-negative start has a size known without assuming one for `size`;
  // anything else gets a fresh expression, which the run binds to whatever the slice computes.
  if (step === 1 && end >= 2147483647 && start >= 0) return start === 0 ? size : `${size}-${start}`;
  return `slice(${size},${start},${end},${step})`;
}

function sliceValues(values: readonly Dim[], start: number, end: number, step: number): Dim[] {
  const len = sliceLength(values.length, start, end, step);
  const s = sliceStart(values.length, start, step);
  return Array.from({ length: len }, (_, i) => values[s + i * step]!);
}

export interface GatherAttrs {
  axis: number;
}

export const Gather = defineOp<GatherAttrs>({
  doc:
    'Picks entries of `data` along `axis` at `indices` (int32, negative counts from the end). Output shape: ' +
    'data.shape[:axis] + indices.shape + data.shape[axis+1:].',
  inputs: [
    { name: 'data', dtypes: ANY },
    { name: 'indices', dtypes: INT },
  ],
  outputs: ['output'],
  attrs: { axis: { kind: 'int', default: 0, doc: 'the axis indexed' } },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    const idx = required(ins, 1, where);
    const axis = normalizeAxis(attrs.axis, x.shape.length, where);
    const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
    let value: Dim[] | undefined;
    if (x.value && idx.value && x.shape.length === 1) {
      value = idx.value.map((i) => {
        if (typeof i !== 'number') fail(where, 'indices must be numbers');
        const at = i < 0 ? i + x.value!.length : i;
        const v = x.value![at];
        if (v === undefined) fail(where, `index ${i} is out of range for ${x.value!.length} entries`);
        return v;
      });
    }
    return [{ dtype: x.dtype, shape, ...(value ? { value } : {}) }];
  },
});

export interface ShapeAttrs {
  start: number;
  end: number;
}

export const Shape = defineOp<ShapeAttrs>({
  doc: "The input's shape as a 1-D int32 tensor, dims start..end (ONNX clamping; end 2147483647 = rank).",
  inputs: [{ name: 'data', dtypes: ANY }],
  outputs: ['shape'],
  attrs: {
    start: { kind: 'int', default: 0, doc: 'first dim, negative counts from the end' },
    end: { kind: 'int', default: 2147483647, doc: 'one past the last dim' },
  },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    const value = shapeRange(x.shape, attrs.start, attrs.end);
    return [{ dtype: 'int32', shape: [value.length], value }];
  },
});

export function shapeRange<T>(shape: readonly T[], start: number, end: number): T[] {
  const rank = shape.length;
  const clamp = (v: number): number => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  return shape.slice(clamp(start), clamp(end));
}
