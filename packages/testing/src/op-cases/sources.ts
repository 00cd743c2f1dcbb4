/** Constant and Dropout outside training (Dropout in training is random: each backend checks its statistics). */
import { tensor } from '@layerspec/spec';
import { F } from '../tensors.js';
import { graph, one, want, wantRuns, type OpCase } from './types.js';

const constants = [
  ['float32 with NaN and ±inf', tensor([1.5, NaN, -Infinity, Infinity], [2, 2], 'float32')],
  ['int32 rank-0', tensor([-7], [], 'int32')],
  ['bool', tensor([1, 0, 1], [3], 'bool')],
] as const;

export const SOURCE_CASES: OpCase[] = [
  ...constants.map(([name, value]) =>
    wantRuns(
      graph(name, 'Constant', [], (b) => b.output('y', b.constant(value))),
      [{ y: { dtype: value.dtype, shape: [...value.shape], data: Array.from(value.data) } }],
    ),
  ),
  // by hand
  want(
    graph('feeding an Add', 'Constant', [F([1, 2, 3], [3])], (b, [x]) => b.output('y', b.op1('Add', [x!, b.scalar(0.5)]))),
    'float32',
    [3],
    [1.5, 2.5, 3.5],
  ),
  want(one('without training is the identity', 'Dropout', [F([1, -2, 3], [3])], { ratio: 0.3 }), 'float32', [3], [1, -2, 3]),
  want(one('without training, default ratio', 'Dropout', [F([1, -2, 3], [3])]), 'float32', [3], [1, -2, 3]),
];
