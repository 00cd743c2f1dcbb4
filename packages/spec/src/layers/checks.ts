import { LayerspecError } from '../errors.js';
import { dimsCompatible } from '../shape.js';
import { formatShape } from '../tensor.js';
import type { Dim } from '../types.js';
import type { Value } from '../graph/builder.js';

/** Throws unless dim `axis` of `value` can equal `expected`; names the layer, input and both sizes. */
export function expectDim(layer: string, input: string, value: Value, axis: number, expected: Dim, why: string): void {
  const shape = value.type.shape;
  const at = axis < 0 ? shape.length + axis : axis;
  const actual = shape[at]!;
  if (!dimsCompatible(actual, expected)) {
    throw new LayerspecError(
      layer,
      `input '${input}' dim ${at} must be ${expected} (${why}), got ${actual} in shape ${formatShape(shape)}`,
    );
  }
}

/** The dim must be known when the graph is built, because a weight's shape depends on it. */
export function staticDim(layer: string, input: string, value: Value, axis: number): number {
  const shape = value.type.shape;
  const at = axis < 0 ? shape.length + axis : axis;
  const d = shape[at]!;
  if (typeof d !== 'number') {
    throw new LayerspecError(layer, `input '${input}' dim ${at} sizes a weight, so it must be a number, got '${d}'`);
  }
  return d;
}
