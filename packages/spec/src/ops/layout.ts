import { DimProduct, broadcastShapes, dimsCompatible, normalizeAxes, normalizeAxis } from '../shape.js';
import { formatShape } from '../tensor.js';
import type { Dim } from '../types.js';
import { ANY, INT, defineOp, fail, required, type ValueInfo } from './define.js';

type NoAttrs = Record<never, never>;

export interface TransposeAttrs {
  perm: number[];
}

export const Transpose = defineOp<TransposeAttrs>({
  doc: 'Permutes the axes: output dim i is input dim perm[i]. An empty perm reverses the axes.',
  inputs: [{ name: 'data', dtypes: ANY }],
  outputs: ['transposed'],
  attrs: { perm: { kind: 'ints', default: [], doc: 'a permutation of 0..rank-1; [] reverses' } },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    const rank = x.shape.length;
    const perm = attrs.perm.length === 0 ? [...Array(rank).keys()].reverse() : attrs.perm;
    const sorted = [...perm].sort((a, b) => a - b);
    if (perm.length !== rank || sorted.some((p, i) => p !== i)) {
      fail(where, `perm [${perm.join(', ')}] is not a permutation of rank ${rank}`);
    }
    return [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]!) }];
  },
});

export interface ReshapeAttrs {
  shape: number[];
}

export const Reshape = defineOp<ReshapeAttrs>({
  doc:
    'Same data, new shape. In `shape`, 0 copies the input dim at that position and one -1 is ' +
    'inferred (ONNX Reshape with allowzero=0), so symbolic dims pass through.',
  inputs: [{ name: 'data', dtypes: ANY }],
  outputs: ['reshaped'],
  attrs: { shape: { kind: 'ints', doc: 'target shape; 0 = copy input dim, -1 = inferred' } },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    return [{ dtype: x.dtype, shape: reshapeDims(x.shape, attrs.shape, where) }];
  },
});

export function reshapeDims(input: readonly Dim[], target: readonly number[], where: string): Dim[] {
  if (target.filter((d) => d === -1).length > 1) fail(where, `shape [${target.join(', ')}] has more than one -1`);
  const out: (Dim | undefined)[] = target.map((d, i) => {
    if (d === 0) {
      if (i >= input.length) fail(where, `shape [${target.join(', ')}] copies dim ${i} of a rank-${input.length} input`);
      return input[i]!;
    }
    if (d === -1) return undefined;
    if (!Number.isInteger(d) || d < -1) fail(where, `shape [${target.join(', ')}] has invalid dim ${d}`);
    return d;
  });
  const total = DimProduct.of(input);
  const known = DimProduct.of(out.filter((d): d is Dim => d !== undefined));
  const rest = total.divide(known);
  const inferredAt = out.indexOf(undefined);
  if (inferredAt >= 0) {
    if (!rest) fail(where, `cannot reshape ${formatShape(input)} to [${target.join(', ')}]`);
    out[inferredAt] = rest.toDim();
  } else if (!total.mayEqual(known)) {
    fail(where, `cannot reshape ${formatShape(input)} to [${target.join(', ')}]`);
  }
  return out.map((d) => d ?? 1);
}

export interface AxesAttrs {
  axes: number[];
}

export const Unsqueeze = defineOp<AxesAttrs>({
  doc: 'Inserts dims of size 1 at `axes` (positions in the output).',
  inputs: [{ name: 'data', dtypes: ANY }],
  outputs: ['expanded'],
  attrs: { axes: { kind: 'ints', doc: 'output positions of the new dims' } },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    const rank = x.shape.length + attrs.axes.length;
    const axes = normalizeAxes(attrs.axes, rank, where);
    const shape: Dim[] = [];
    let j = 0;
    for (let i = 0; i < rank; i++) shape.push(axes.includes(i) ? 1 : x.shape[j++]!);
    return [{ dtype: x.dtype, shape }];
  },
});

export const Squeeze = defineOp<AxesAttrs>({
  doc: 'Removes dims of size 1 at `axes`.',
  inputs: [{ name: 'data', dtypes: ANY }],
  outputs: ['squeezed'],
  attrs: { axes: { kind: 'ints', doc: 'input positions of the dims to remove (each of size 1)' } },
  infer(ins, attrs, where) {
    const x = required(ins, 0, where);
    const axes = normalizeAxes(attrs.axes, x.shape.length, where);
    for (const a of axes) {
      if (!dimsCompatible(x.shape[a]!, 1)) fail(where, `cannot squeeze axis ${a} of size ${x.shape[a]}`);
    }
    return [{ dtype: x.dtype, shape: x.shape.filter((_, i) => !axes.includes(i)) }];
  },
});

export const Expand = defineOp<NoAttrs>({
  doc:
    'Broadcasts `input` to `shape` (bidirectional numpy broadcasting). `shape` must be known when the ' +
    'graph is built, up to symbolic dims: the output of Shape, Constant, Gather, Slice or Concat of those.',
  inputs: [
    { name: 'input', dtypes: ANY },
    { name: 'shape', dtypes: INT },
  ],
  outputs: ['output'],
  attrs: {},
  infer(ins, _attrs, where) {
    const x = required(ins, 0, where);
    const s = required(ins, 1, where);
    if (s.shape.length !== 1) fail(where, `shape must be 1-D, got ${formatShape(s.shape)}`);
    if (!s.value) fail(where, 'shape must be known when the graph is built (from Shape, Constant, Gather, Slice or Concat)');
    return [{ dtype: x.dtype, shape: broadcastShapes(x.shape, s.value, where) }];
  },
});

export interface ConcatAttrs {
  axis: number;
}

export const Concat = defineOp<ConcatAttrs>({
  doc: 'Joins the inputs along `axis`; all other dims must match.',
  inputs: [{ name: 'inputs', dtypes: ANY, variadic: true }],
  outputs: ['concat_result'],
  attrs: { axis: { kind: 'int', doc: 'the axis to join along' } },
  infer(ins, attrs, where) {
    const parts = ins.filter((v): v is ValueInfo => v !== undefined);
    const first = required(ins, 0, where);
    const rank = first.shape.length;
    const axis = normalizeAxis(attrs.axis, rank, where);
    const shape = [...first.shape];
    for (const [i, p] of parts.entries()) {
      if (p.dtype !== first.dtype) fail(where, `input ${i} is ${p.dtype}, input 0 is ${first.dtype}`);
      if (p.shape.length !== rank) fail(where, `input ${i} has rank ${p.shape.length}, input 0 has rank ${rank}`);
      p.shape.forEach((d, j) => {
        if (j !== axis && !dimsCompatible(d, shape[j]!)) {
          fail(where, `input ${i} ${formatShape(p.shape)} does not match input 0 ${formatShape(first.shape)} off axis ${axis}`);
        }
      });
    }
    shape[axis] = sumDims(parts.map((p) => p.shape[axis]!));
    const values = parts.every((p) => p.value !== undefined && p.shape.length === 1) ? parts.flatMap((p) => p.value ?? []) : undefined;
    return [{ dtype: first.dtype, shape, ...(values ? { value: values } : {}) }];
  },
});

/** A sum of dims: a number, or an expression such as `'t+u+2'` (the symbols in order, then the numeric total). */
function sumDims(dims: readonly Dim[]): Dim {
  const symbols = dims.filter((d): d is string => typeof d === 'string');
  const total = dims.reduce<number>((s, d) => s + (typeof d === 'number' ? d : 0), 0);
  if (symbols.length === 0) return total;
  return [...symbols, ...(total === 0 ? [] : [total])].join('+');
}

export interface TriluAttrs {
  upper: boolean;
}

export const Trilu = defineOp<TriluAttrs>({
  doc:
    'Keeps the upper (j - i >= k) or lower (j - i <= k) triangle of the last two dims and zeroes the rest ' +
    '(false for bool). The diagonal offset k is an optional int32 scalar input, default 0.',
  inputs: [
    { name: 'input', dtypes: ANY },
    { name: 'k', dtypes: INT, optional: true },
  ],
  outputs: ['output'],
  attrs: { upper: { kind: 'bool', default: true, doc: 'keep the upper triangle (else the lower)' } },
  infer(ins, _attrs, where) {
    const x = required(ins, 0, where);
    if (x.shape.length < 2) fail(where, `input must have rank >= 2, got ${formatShape(x.shape)}`);
    const k = ins[1];
    if (k && k.shape.length !== 0) fail(where, `k must be a scalar, got ${formatShape(k.shape)}`);
    return [{ dtype: x.dtype, shape: [...x.shape] }];
  },
});
