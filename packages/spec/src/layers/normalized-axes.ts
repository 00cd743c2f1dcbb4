import { LayerspecError } from '../errors.js';
import type { GraphBuilder, Value } from '../graph/builder.js';
import { normalizeAxes } from '../shape.js';

export interface NormalizedAxes {
  /** Sorted, non-negative. */
  axes: number[];
  /** The weight shape: the normalized dims, in axis order. */
  weightShape: number[];
  /** The weight reshaped so it broadcasts against the input (1 for each skipped axis). */
  broadcastShape: number[];
}

export function normalizedAxes(layer: string, x: Value, axis: number | number[]): NormalizedAxes {
  const shape = x.type.shape;
  let axes: number[];
  try {
    axes = normalizeAxes(Array.isArray(axis) ? axis : [axis], shape.length, layer).sort((a, b) => a - b);
  } catch (e) {
    const why = e instanceof LayerspecError ? e.message.slice(layer.length + 2) : String(e);
    throw new LayerspecError(layer, `config 'axis' ${JSON.stringify(axis)} does not fit input 'input' of rank ${shape.length}: ${why}`);
  }
  const weightShape = axes.map((a) => {
    const d = shape[a]!;
    if (typeof d !== 'number') {
      throw new LayerspecError(layer, `input 'input' dim ${a} is normalized and sizes a weight, so it must be a number, got '${d}'`);
    }
    return d;
  });
  const first = axes[0]!;
  const broadcastShape: number[] = [];
  for (let i = first; i < shape.length; i++) broadcastShape.push(axes.includes(i) ? Number(shape[i]) : 1);
  return { axes, weightShape, broadcastShape };
}

/** True when sorted `axes` run from some axis to the last one (what ONNX's normalization ops take). */
export function isTrailingRun(axes: readonly number[], rank: number): boolean {
  return axes.length > 0 && axes.every((a, i) => a === axes[0]! + i) && axes[axes.length - 1] === rank - 1;
}

/** `weight` reshaped to broadcast against the input, skipping the reshape when it already does. */
export function broadcastWeight(b: GraphBuilder, weight: Value, n: NormalizedAxes): Value {
  const same = n.broadcastShape.length === n.weightShape.length;
  return same ? weight : b.op1('Reshape', [weight], { shape: n.broadcastShape });
}
