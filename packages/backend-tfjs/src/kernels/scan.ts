import { LayerspecError, normalizeAxis } from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';
import { recording } from './tape.js';
import { input, type TfKernel } from './types.js';

/**
 * A scanned input cut into its steps. tfjs-wasm's slice costs about half a millisecond per step even
 * for a few thousand values, so outside a gradient tape on the CPU backends the steps are cut from
 * one read of the values instead; under a tape they must stay differentiable slices.
 */
function stepsOf(x: Tensor, axis: number): Tensor[] {
  if (recording() || !['wasm', 'cpu'].includes(tf.getBackend())) return tf.unstack(x, axis);
  const values = x.dataSync();
  const length = x.shape[axis]!;
  const outer = x.shape.slice(0, axis).reduce((a, d) => a * d, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, d) => a * d, 1);
  const shape = [...x.shape.slice(0, axis), ...x.shape.slice(axis + 1)];
  return Array.from({ length }, (_, t) => {
    const n = outer * inner;
    const step =
      values instanceof Float32Array ? new Float32Array(n) : values instanceof Int32Array ? new Int32Array(n) : new Uint8Array(n);
    for (let o = 0; o < outer; o++) step.set(values.subarray((o * length + t) * inner, (o * length + t + 1) * inner), o * inner);
    return tf.tensor(step, shape, x.dtype);
  });
}

/** The time loop in JavaScript over tfjs ops: gradients flow through it like any other eager code. */
export const scan: TfKernel<'Scan'> = (ins, attrs, ctx) => {
  const values = ins.map((_, i) => input(ins, i));
  const { body, numScanInputs: m, numCaptures: c } = attrs;
  const n = values.length - m - c;
  const scanned = values.slice(n, n + m);
  const captures = values.slice(n + m);
  const axes = scanned.map((x, j) => normalizeAxis(attrs.scanInputAxes[j] ?? 0, x.rank, ctx.where));
  const length = scanned[0]!.shape[axes[0]!]!;
  scanned.forEach((x, j) => {
    if (x.shape[axes[j]!] !== length)
      throw new LayerspecError(ctx.where, `scan input ${j} has length ${x.shape[axes[j]!]}, scan input 0 has ${length}`);
  });
  if (length === 0) throw new LayerspecError(ctx.where, 'the tfjs backend cannot scan a sequence of length 0');
  const steps = scanned.map((x, j) => stepsOf(x, axes[j]!));
  let states = values.slice(0, n);
  const k = body.outputs.length - n;
  const outputs: Tensor[][] = Array.from({ length: k }, () => []);
  for (let t = 0; t < length; t++) {
    const slices = steps.map((s, j) => s[attrs.scanInputDirections[j] === 1 ? length - 1 - t : t]!);
    const outs = ctx.runGraph(body, [...states, ...slices, ...captures]);
    states = outs.slice(0, n);
    outs.slice(n).forEach((o, i) => outputs[i]!.push(o));
  }
  const stacked = outputs.map((list, i) => {
    const ordered = attrs.scanOutputDirections[i] === 1 ? [...list].reverse() : list;
    return tf.stack(ordered, normalizeAxis(attrs.scanOutputAxes[i] ?? 0, list[0]!.rank + 1, ctx.where));
  });
  return [...states.map((s) => (values.includes(s) ? tf.clone(s) : s)), ...stacked];
};
