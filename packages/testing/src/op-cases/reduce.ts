/**
 * Softmax and the reductions. Expected values: scipy.special.softmax and np.sum / mean / max with the given
 * axes, in float64; trivial ones by hand. Cases without values compare with the reference engine.
 */
import { F, I, wave } from '../tensors.js';
import { one, want, type OpCase } from './types.js';

const logits = F([1, 2, 3, 1e4, 1e4 + 1, 1e4 + 3, -1e4, -1e4 - 1, -1e4 - 3], [3, 3]);
const logitsSoftmax = [
  0.09003057317038046, 0.24472847105479764, 0.6652409557748218, 0.04201006613406605, 0.11419519938459449, 0.8437947344813395,
  0.7053845126982412, 0.25949646034241913, 0.03511902695933973,
];
const s232 = F([-1, -0.5, 0, 0.5, 1, -1, -0.5, 0, 0.5, 1, -1, -0.5], [2, 3, 2]);
const axis1 = [
  0.09003057317038046, 0.23122389762214907, 0.24472847105479764, 0.6285317192117624, 0.6652409557748218, 0.14024438316608848,
  0.23122389762214907, 0.23122389762214907, 0.6285317192117624, 0.6285317192117624, 0.14024438316608848, 0.14024438316608848,
];
const axis0 = [
  0.37754066879814546, 0.37754066879814546, 0.37754066879814546, 0.37754066879814546, 0.8807970779778823, 0.37754066879814546,
  0.6224593312018546, 0.6224593312018546, 0.6224593312018546, 0.6224593312018546, 0.11920292202211755, 0.6224593312018546,
];

/** x[i] = (7i mod 24) - 12 over (2,3,4). */
const r234 = (dtype: 'float32' | 'int32' = 'float32') =>
  (dtype === 'float32' ? F : I)(
    Array.from({ length: 24 }, (_, i) => ((i * 7) % 24) - 12),
    [2, 3, 4],
  );
// name, axes, keepdims, out shape, sum, mean, max
const reductions: [string, number[], boolean, number[], number[], number[], number[]][] = [
  ['axes [0, 2], keepdims', [0, 2], true, [1, 3, 1], [-12, -4, 4], [-1.5, -0.5, 0.5], [9, 11, 10]],
  ['axes [-1], keepdims false', [-1], false, [2, 3], [-6, -14, 2, -6, 10, 2], [-1.5, -3.5, 0.5, -1.5, 2.5, 0.5], [9, 6, 10, 7, 11, 8]],
  ['axes [] = all, keepdims', [], true, [1, 1, 1], [-12], [-0.5], [11]],
  ['axes [] = all, keepdims false (rank 0)', [], false, [], [-12], [-0.5], [11]],
  ['axes [-3, 1], keepdims false', [-3, 1], false, [4], [-12, 6, 0, -6], [-2, 1, 0, -1], [8, 11, 10, 9]],
  [
    'axes [1] (middle), keepdims',
    [1],
    true,
    [2, 1, 4],
    [-24, -3, 18, -9, 12, 9, -18, 3],
    [-8, -1, 6, -3, 4, 3, -6, 1],
    [-4, 3, 10, 9, 8, 11, -2, 5],
  ],
  ['all axes listed explicitly', [2, 0, 1], false, [], [-12], [-0.5], [11]],
];
const nanRows = F([1, NaN, 3, NaN, 5, 2, -Infinity, -Infinity, -Infinity, 4, 1, NaN], [4, 3]);

export const REDUCE_CASES: OpCase[] = [
  want(one('last axis with logits of ±1e4 (no overflow)', 'Softmax', [logits]), 'float32', [3, 3], logitsSoftmax),
  want(one('axis 1 of (3,3) with logits of ±1e4', 'Softmax', [logits], { axis: 1 }), 'float32', [3, 3], logitsSoftmax),
  want(
    one('-inf entries get 0; a row of all -inf is NaN (as ONNX)', 'Softmax', [
      F([0, -Infinity, 1, -Infinity, 2, -Infinity, -Infinity, -Infinity, -Infinity], [3, 3]),
    ]),
    'float32',
    [3, 3],
    [0.2689414213699951, 0, 0.7310585786300049, 0, 1, 0, NaN, NaN, NaN],
  ),
  ...(
    [
      [1, axis1],
      [-2, axis1],
      [0, axis0],
      [-3, axis0],
    ] as const
  ).map(([axis, values]) => want(one(`axis ${axis} of (2,3,2)`, 'Softmax', [s232], { axis }), 'float32', [2, 3, 2], values)),
  one('axis 1 of (2,3,4,2), smooth values', 'Softmax', [wave([2, 3, 4, 2])], { axis: 1 }),
  one('of a rank-1', 'Softmax', [F([3, -1, 0.5, 2], [4])]),
  ...reductions.flatMap(([name, axes, keepdims, shape, sum, mean, max]) => [
    want(one(name, 'ReduceSum', [r234()], { axes, keepdims }), 'float32', shape, sum),
    want(one(name, 'ReduceMean', [r234()], { axes, keepdims }), 'float32', shape, mean),
    want(one(name, 'ReduceMax', [r234()], { axes, keepdims }), 'float32', shape, max),
  ]),
  ...(['ReduceSum', 'ReduceMean', 'ReduceMax'] as const).map((op) =>
    one('of smooth values, axes [1, 3]', op, [wave([2, 5, 3, 4])], { axes: [1, 3] }),
  ),
  want(one('int32 axes [0, -1]', 'ReduceSum', [r234('int32')], { axes: [0, -1], keepdims: false }), 'int32', [3], [-12, -4, 4]),
  want(one('int32 axes [1]', 'ReduceMax', [r234('int32')], { axes: [1] }), 'int32', [2, 1, 4], [-4, 3, 10, 9, 8, 11, -2, 5]),
  want(
    one('propagates NaN wherever it sits (rows); a row of -inf stays -inf', 'ReduceMax', [nanRows], { axes: [-1], keepdims: false }),
    'float32',
    [4],
    [NaN, NaN, -Infinity, NaN],
  ),
  // columns: [1, NaN, -inf, 4] -> NaN, [NaN, 5, -inf, 1] -> NaN, [3, 2, -inf, NaN] -> NaN (by hand)
  want(
    one('propagates NaN wherever it sits (columns)', 'ReduceMax', [nanRows], { axes: [0], keepdims: false }),
    'float32',
    [3],
    [NaN, NaN, NaN],
  ),
  want(one('of a rank-0 is itself', 'ReduceSum', [F([2.5], [])]), 'float32', [], [2.5]),
  want(one('of a rank-0 is itself', 'ReduceMean', [F([2.5], [])], { keepdims: false }), 'float32', [], [2.5]),
  want(one('of a rank-0 is itself', 'ReduceMax', [F([-2.5], [])]), 'float32', [], [-2.5]),
];
