import { LayerspecError, normalizeAxis, sizeOf, type Dim, type Graph } from '@layerspec/spec';
import { allocRef, type RefTensor } from '../ref-tensor.js';
import { input, type Kernel } from './types.js';

/** x[..., index, ...] along `axis`: a copy without that axis. */
export function takeAlong(x: RefTensor, axis: number, index: number): RefTensor {
  const outer = sizeOf(x.shape.slice(0, axis));
  const size = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  const out = allocRef(
    x.dtype,
    x.shape.filter((_, i) => i !== axis),
  );
  for (let o = 0; o < outer; o++) {
    const from = (o * size + index) * inner;
    out.data.set(x.data.subarray(from, from + inner), o * inner);
  }
  return out;
}

/** Writes `slice` as position `index` along `axis` of `into`. */
function putAlong(into: RefTensor, axis: number, index: number, slice: RefTensor): void {
  const outer = sizeOf(into.shape.slice(0, axis));
  const size = into.shape[axis]!;
  const inner = sizeOf(into.shape.slice(axis + 1));
  for (let o = 0; o < outer; o++) into.data.set(slice.data.subarray(o * inner, (o + 1) * inner), (o * size + index) * inner);
}

/** Output slice shapes of a body that never runs (length 0), from the sizes its inputs bind. */
function emptyStepShapes(body: Graph, inputs: readonly RefTensor[], first: number, where: string): number[][] {
  const bound = new Map<string, number>();
  body.inputs.forEach((v, i) => v.type.shape.forEach((d, j) => typeof d === 'string' && bound.set(d, inputs[i]!.shape[j]!)));
  return body.outputs.slice(first).map((o) =>
    o.type.shape.map((d: Dim) => {
      const size = typeof d === 'number' ? d : bound.get(d);
      if (size === undefined) throw new LayerspecError(where, `cannot size output '${o.name}' of a length-0 scan (dim '${d}')`);
      return size;
    }),
  );
}

export const scan: Kernel<'Scan'> = (ins, attrs, ctx) => {
  const values = ins.map((_, i) => input(ins, i));
  const { body, numScanInputs: m, numCaptures: c } = attrs;
  const n = values.length - m - c;
  const scanned = values.slice(n, n + m);
  const captures = values.slice(n + m);
  const axes = scanned.map((x, j) => normalizeAxis(attrs.scanInputAxes[j] ?? 0, x.shape.length, ctx.where));
  const length = scanned[0]!.shape[axes[0]!]!;
  scanned.forEach((x, j) => {
    if (x.shape[axes[j]!] !== length) {
      throw new LayerspecError(ctx.where, `scan input ${j} has length ${x.shape[axes[j]!]}, scan input 0 has ${length}`);
    }
  });
  let states = values.slice(0, n);
  const k = body.outputs.length - n;
  const steps: RefTensor[][] = Array.from({ length: k }, () => []);
  for (let t = 0; t < length; t++) {
    const slices = scanned.map((x, j) => takeAlong(x, axes[j]!, attrs.scanInputDirections[j] === 1 ? length - 1 - t : t));
    const outs = ctx.runGraph(body, [...states, ...slices, ...captures]);
    states = outs.slice(0, n);
    outs.slice(n).forEach((o, i) => steps[i]!.push(o));
  }
  const shapes =
    length > 0
      ? steps.map((s) => [...s[0]!.shape])
      : emptyStepShapes(body, [...states, ...scanned.map((x, j) => takeAlongShape(x, axes[j]!)), ...captures], n, ctx.where);
  const stacked = steps.map((slices, i) => {
    const axis = normalizeAxis(attrs.scanOutputAxes[i] ?? 0, shapes[i]!.length + 1, ctx.where);
    const shape = [...shapes[i]!];
    shape.splice(axis, 0, length);
    const out = allocRef(body.outputs[n + i]!.type.dtype, shape);
    slices.forEach((s, t) => putAlong(out, axis, attrs.scanOutputDirections[i] === 1 ? length - 1 - t : t, s));
    return out;
  });
  return [...states, ...stacked];
};

/** A zero-size stand-in with the shape of one slice, for sizing a length-0 scan. */
function takeAlongShape(x: RefTensor, axis: number): RefTensor {
  return allocRef(
    x.dtype,
    x.shape.filter((_, i) => i !== axis),
  );
}
