/**
 * Transpose, Reshape, Unsqueeze, Squeeze, Expand and Concat. Expected values: np.transpose,
 * np.broadcast_to, np.concatenate (numpy 2.4), a naive index-mapping oracle for all 24 perms of a rank-4
 * tensor, by hand where data order is unchanged. Cases without values compare with the reference engine.
 */
import { B, F, I, arange, f32, seq, wave } from '../tensors.js';
import { graph, one, want, wantRuns, type OpCase } from './types.js';

const perms: number[][] = [];
const permute = (rest: number[], acc: number[]): void => {
  if (rest.length === 0) perms.push(acc);
  rest.forEach((p, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, p]));
};
permute([0, 1, 2, 3], []);

/** Transpose of arange([2, 3, 4, 5]) by `perm`: out[i] = x[j] with j[perm[d]] = i_d, x[j] = j's row-major offset. */
function transposed(perm: number[]): number[] {
  const shape = [2, 3, 4, 5];
  const out = perm.map((p) => shape[p]!);
  const values: number[] = [];
  const idx = [0, 0, 0, 0];
  for (idx[0] = 0; idx[0] < out[0]!; idx[0]++)
    for (idx[1] = 0; idx[1] < out[1]!; idx[1]++)
      for (idx[2] = 0; idx[2] < out[2]!; idx[2]++)
        for (idx[3] = 0; idx[3] < out[3]!; idx[3]++) {
          const j = [0, 0, 0, 0];
          perm.forEach((p, d) => (j[p] = idx[d]!));
          values.push(((j[0]! * 3 + j[1]!) * 4 + j[2]!) * 5 + j[3]!);
        }
  return values;
}

const flat24 = Array.from({ length: 24 }, (_, i) => i);
const six = [0, 1, 2, 3, 4, 5];
const from = (start: number, shape: number[]) =>
  F(
    Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => start + i),
    shape,
  );
const concatInputs = [from(1, [2, 1, 2]), from(10, [2, 2, 2]), from(100, [2, 3, 2])];
const concatWant = [1, 2, 10, 11, 12, 13, 100, 101, 102, 103, 104, 105, 3, 4, 14, 15, 16, 17, 106, 107, 108, 109, 110, 111];

export const LAYOUT_CASES: OpCase[] = [
  want(
    one('default perm reverses the axes', 'Transpose', [arange([2, 3, 2])]),
    'float32',
    [2, 3, 2],
    [0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11],
  ),
  want(
    one('rank-4 perm', 'Transpose', [arange([2, 3, 2, 2])], { perm: [3, 1, 0, 2] }),
    'float32',
    [2, 3, 2, 2],
    [0, 2, 12, 14, 4, 6, 16, 18, 8, 10, 20, 22, 1, 3, 13, 15, 5, 7, 17, 19, 9, 11, 21, 23],
  ),
  want(
    one('int32 rank-4 perm', 'Transpose', [arange([2, 3, 2, 2], 'int32')], { perm: [1, 3, 2, 0] }),
    'int32',
    [3, 2, 2, 2],
    [0, 12, 2, 14, 1, 13, 3, 15, 4, 16, 6, 18, 5, 17, 7, 19, 8, 20, 10, 22, 9, 21, 11, 23],
  ),
  want(
    one('bool', 'Transpose', [B([true, false, false, true, true, true], [1, 2, 3, 1])], { perm: [3, 2, 0, 1] }),
    'bool',
    [1, 3, 1, 2],
    [true, true, false, true, false, true],
  ),
  one('of a rank-0', 'Transpose', [F([4], [])]),
  ...perms.map((perm) =>
    want(
      one(`(2,3,4,5) by [${perm.join(',')}]`, 'Transpose', [arange([2, 3, 4, 5])], { perm }),
      'float32',
      perm.map((p) => [2, 3, 4, 5][p]!),
      transposed(perm),
    ),
  ),
  ...(
    [
      [
        [0, -1],
        [2, 12],
      ],
      [
        [-1, 0, 2],
        [4, 3, 2],
      ],
      [
        [0, 0, -1],
        [2, 3, 4],
      ],
      [
        [4, -1, 1],
        [4, 6, 1],
      ],
      [[24], [24]],
    ] as const
  ).map(([target, shape]) =>
    want(one(`(2,3,4) to [${target.join(',')}]`, 'Reshape', [arange([2, 3, 4])], { shape: [...target] }), 'float32', [...shape], flat24),
  ),
  want(one('bool', 'Reshape', [B([true, false, true, true], [2, 2])], { shape: [-1] }), 'bool', [4], [true, false, true, true]),
  want(one('to rank 0', 'Reshape', [I([42], [1, 1])], { shape: [] }), 'int32', [], [42]),
  one('with a symbolic dim', 'Reshape', [arange([3, 4])], { shape: [0, 2, 2] }, [f32('n', 4)]),
  ...(
    [
      [
        [0, -1],
        [1, 2, 3, 1],
      ],
      [[1], [2, 1, 3]],
      [
        [2, 0],
        [1, 2, 1, 3],
      ],
    ] as const
  ).map(([axes, shape]) =>
    want(one(`axes [${axes.join(',')}]`, 'Unsqueeze', [arange([2, 3])], { axes: [...axes] }), 'float32', [...shape], six),
  ),
  want(one('int32 rank-0', 'Unsqueeze', [I([5], [])], { axes: [0] }), 'int32', [1], [5]),
  want(one('axes [0, -2]', 'Squeeze', [arange([1, 2, 1, 3], 'int32')], { axes: [0, -2] }), 'int32', [2, 3], six),
  want(one('axes [2]', 'Squeeze', [arange([1, 2, 1, 3], 'int32')], { axes: [2] }), 'int32', [1, 2, 3], six),
  want(one('bool to rank 0', 'Squeeze', [B([true], [1, 1])], { axes: [0, 1] }), 'bool', [], [true]),
  want(
    graph(
      'to the output of Shape, with a symbolic dim',
      'Expand',
      [F([1, 2, 3], [3, 1]), B(Array<boolean>(24).fill(false), [2, 3, 4])],
      (g, [x, like]) => g.output('y', g.op1('Expand', [x!, g.op1('Shape', [like!])])),
      [f32(3, 1), { dtype: 'bool', shape: ['n', 3, 4] }],
    ),
    'float32',
    [2, 3, 4],
    [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3],
  ),
  wantRuns(
    graph(
      'to a Constant shape: more dims (int32), fewer dims (bidirectional, bool)',
      'Expand',
      [I([1, 2, 3], [1, 3]), B([true, false, true], [3, 1])],
      (g, [a, c]) => {
        g.output('more', g.op1('Expand', [a!, g.ints([2, 1, 3])]));
        g.output('fewer', g.op1('Expand', [c!, g.ints([1, 4])]));
      },
    ),
    [
      {
        more: { dtype: 'int32', shape: [2, 1, 3], data: [1, 2, 3, 1, 2, 3] },
        fewer: { dtype: 'bool', shape: [3, 4], data: [true, true, true, true, false, false, false, false, true, true, true, true] },
      },
    ],
  ),
  graph(
    'to a sliced, gathered and concatenated Shape',
    'Expand',
    [wave([2, 1, 3]), F(new Array<number>(40).fill(0), [5, 2, 4])],
    (g, [x, like]) => {
      const s = g.op1('Shape', [like!]);
      const dims = g.op1('Concat', [g.op1('Gather', [s, g.ints([-2])]), g.op1('Slice', [s], { starts: [0], ends: [1] }), g.ints([3])], {
        axis: 0,
      });
      g.output('y', g.op1('Expand', [x!, dims]));
    },
  ),
  graph('int32 (1,6) to a Constant shape', 'Expand', [I([5, -4, 3, -2, 1, 0], [1, 6])], (g, [x]) =>
    g.output('y', g.op1('Expand', [x!, g.ints([3, 1, 6])])),
  ),
  ...[1, -2].map((axis) =>
    want(one(`3 inputs on the middle axis ${axis}`, 'Concat', concatInputs, { axis }), 'float32', [2, 6, 2], concatWant),
  ),
  want(
    one('bool', 'Concat', [B([true, false], [2, 1]), B([false, true, true, true], [2, 2]), B([true, false], [2, 1])], { axis: 1 }),
    'bool',
    [2, 4],
    [true, false, true, true, false, true, true, false],
  ),
  // by hand: rows stacked
  want(one('int32 rows', 'Concat', [I([1, 2], [1, 2]), I([3, 4, 5, 6], [2, 2])], { axis: 0 }), 'int32', [3, 2], [1, 2, 3, 4, 5, 6]),
  one('of one input', 'Concat', [seq([2, 2])], { axis: -1 }),
];
