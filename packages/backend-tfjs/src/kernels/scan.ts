import { LayerspecError, normalizeAxis, type AttrsOf } from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';
import { recording } from './tape.js';
import { input, type TfKernel } from './types.js';

type ScanAttrs = AttrsOf<'Scan'>;

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

/** A Scan node's inputs sorted out and checked, before any step runs. */
export interface ScanPlan {
  /** All inputs of the node, in order. */
  readonly values: readonly Tensor[];
  /** Number of states. */
  readonly n: number;
  readonly scanned: readonly Tensor[];
  readonly captures: readonly Tensor[];
  /** The normalized axis of each scan input. */
  readonly axes: readonly number[];
  /** Number of steps (at least 1). */
  readonly length: number;
}

export function planScan(ins: readonly (Tensor | undefined)[], attrs: ScanAttrs, where: string): ScanPlan {
  const values = ins.map((_, i) => input(ins, i));
  const { numScanInputs: m, numCaptures: c } = attrs;
  const n = values.length - m - c;
  const scanned = values.slice(n, n + m);
  const axes = scanned.map((x, j) => normalizeAxis(attrs.scanInputAxes[j] ?? 0, x.rank, where));
  const length = scanned[0]!.shape[axes[0]!]!;
  scanned.forEach((x, j) => {
    if (x.shape[axes[j]!] !== length)
      throw new LayerspecError(where, `scan input ${j} has length ${x.shape[axes[j]!]}, scan input 0 has ${length}`);
  });
  if (length === 0) throw new LayerspecError(where, 'the tfjs backend cannot scan a sequence of length 0');
  return { values, n, scanned, captures: values.slice(n + m), axes, length };
}

/** Every scan input cut into its steps (new tensors). */
export const scanSteps = (plan: ScanPlan): Tensor[][] => plan.scanned.map((x, j) => stepsOf(x, plan.axes[j]!));

/** The body inputs of step `t`: the states, this step's slice of each scan input (in its direction), the captures. */
export function stepInputs(plan: ScanPlan, attrs: ScanAttrs, steps: readonly Tensor[][], states: readonly Tensor[], t: number): Tensor[] {
  const slices = steps.map((s, j) => s[attrs.scanInputDirections[j] === 1 ? plan.length - 1 - t : t]!);
  return [...states, ...slices, ...plan.captures];
}

/** Each scan output's per-step slices stacked along its axis, in its direction. */
export function stackOutputs(outputs: readonly Tensor[][], attrs: ScanAttrs, where: string): Tensor[] {
  return outputs.map((list, i) => {
    const ordered = attrs.scanOutputDirections[i] === 1 ? [...list].reverse() : list;
    return tf.stack(ordered, normalizeAxis(attrs.scanOutputAxes[i] ?? 0, list[0]!.rank + 1, where));
  });
}

/** The time loop in JavaScript over tfjs ops: gradients flow through it like any other eager code. */
export const scan: TfKernel<'Scan'> = (ins, attrs, ctx) => {
  const plan = planScan(ins, attrs, ctx.where);
  const steps = scanSteps(plan);
  const { n } = plan;
  let states = plan.values.slice(0, n);
  const outputs: Tensor[][] = Array.from({ length: attrs.body.outputs.length - n }, () => []);
  for (let t = 0; t < plan.length; t++) {
    const outs = ctx.runGraph(attrs.body, stepInputs(plan, attrs, steps, states, t));
    states = outs.slice(0, n);
    outs.slice(n).forEach((o, i) => outputs[i]!.push(o));
  }
  const stacked = stackOutputs(outputs, attrs, ctx.where);
  return [...states.map((s) => (plan.values.includes(s) ? tf.clone(s) : s)), ...stacked];
};
