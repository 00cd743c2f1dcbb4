import type { GraphBuilder, Value } from '../graph/builder.js';
import { tensor } from '../tensor.js';

/**
 * The positions 0, 1, ..., T - 1 of axis `axis` of `x` as a float32 (T) vector. A static T is a
 * constant; a symbolic T is counted in the graph (there is no range op): the row sums of the lower
 * triangle of a (T, T) matrix of ones, minus one (T^2 work, done once per call).
 */
export function positionsAlong(b: GraphBuilder, x: Value, axis: number): Value {
  const at = axis < 0 ? x.type.shape.length + axis : axis;
  const t = x.type.shape[at]!;
  if (typeof t === 'number')
    return b.constant(
      tensor(
        Array.from({ length: t }, (_, i) => i),
        [t],
      ),
    );
  const length = b.op1('Shape', [x], { start: at, end: at + 1 });
  const square = b.op1('Expand', [b.scalar(1), b.op1('Concat', [length, length], { axis: 0 })]);
  const counts = b.op1('ReduceSum', [b.op1('Trilu', [square], { upper: false })], { axes: [1], keepdims: false });
  return b.op1('Sub', [counts, b.scalar(1)]);
}
