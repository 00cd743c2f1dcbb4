/**
 * Slice, Gather, Shape and Trilu. Expected values: numpy basic slicing x[a:b:c] on x = arange(24).reshape(4, 6)
 * (with ONNX's clamping where it differs), np.take on arange(12).reshape(3, 4), np.triu / np.tril on 1..12 as
 * (3,4); Shape by hand. Cases without values compare with the reference engine.
 */
import type { AttrsOf } from '@layerspec/spec';
import { B, END, F, I, arange, seq, wave } from '../tensors.js';
import { failing, graph, one, want, wantRuns, type OpCase } from './types.js';

// name, attrs, out shape, values (absent: the reference engine decides)
const slices: [string, Partial<AttrsOf<'Slice'>>, number[], number[]?][] = [
  ['negative start to the end: x[:, -2:]', { starts: [-2], ends: [END], axes: [1] }, [4, 2], [4, 5, 10, 11, 16, 17, 22, 23]],
  ['step 2: x[:, 0:6:2]', { starts: [0], ends: [6], axes: [-1], steps: [2] }, [4, 3], [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22]],
  [
    'reverse: x[:, ::-1]',
    { starts: [-1], ends: [-END], axes: [1], steps: [-1] },
    [4, 6],
    [5, 4, 3, 2, 1, 0, 11, 10, 9, 8, 7, 6, 17, 16, 15, 14, 13, 12, 23, 22, 21, 20, 19, 18],
  ],
  ['step -2: x[:, 5::-2]', { starts: [5], ends: [-100], axes: [1], steps: [-2] }, [4, 3], [5, 3, 1, 11, 9, 7, 17, 15, 13, 23, 21, 19]],
  [
    'step -1 with an end: x[:, 4:1:-1]',
    { starts: [4], ends: [1], axes: [1], steps: [-1] },
    [4, 3],
    [4, 3, 2, 10, 9, 8, 16, 15, 14, 22, 21, 20],
  ],
  [
    'clamped end, default axes: x[1:100]',
    { starts: [1], ends: [100] },
    [3, 6],
    [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
  ],
  [
    'several axes, mixed steps: x[1::2, -1:0:-2]',
    { starts: [1, -1], ends: [100, 0], axes: [0, 1], steps: [2, -2] },
    [2, 3],
    [11, 9, 7, 23, 21, 19],
  ],
  [
    'several axes, negative starts and ends: x[-3:-1, 1:-1:3]',
    { starts: [-3, 1], ends: [-1, -1], axes: [0, 1], steps: [1, 3] },
    [2, 2],
    [7, 10, 13, 16],
  ],
  [
    'axes listed out of order: x[1::2, -1:0:-2]',
    { starts: [-1, 1], ends: [0, 100], axes: [1, 0], steps: [-2, 2] },
    [2, 3],
    [11, 9, 7, 23, 21, 19],
  ],
  ['empty result: x[:, 3:3]', { starts: [3], ends: [3], axes: [1] }, [4, 0], []],
  // ONNX clamps a backward start to [0, size - 1] (numpy would give an empty slice here): x[:, 0:None:-1]
  ['backward start below the range is clamped to 0', { starts: [-100], ends: [-200], axes: [1], steps: [-1] }, [4, 1], [0, 6, 12, 18]],
  ['no slicing at all (starts [])', { starts: [], ends: [] }, [4, 6]],
  ['the whole axis, step 1', { starts: [0], ends: [END], axes: [0] }, [4, 6]],
];

// attrs, dims of a (2,3,4,5) tensor
const shapes: [Partial<AttrsOf<'Shape'>>, number[]][] = [
  [{}, [2, 3, 4, 5]],
  [{ start: 1 }, [3, 4, 5]],
  [{ start: -2 }, [4, 5]],
  [{ end: -1 }, [2, 3, 4]],
  [{ start: 1, end: 3 }, [3, 4]],
  [{ start: -10, end: 10 }, [2, 3, 4, 5]],
  [{ start: 3, end: 1 }, []],
];

const x12 = seq([3, 4]);
// upper, k, values (absent: the reference engine decides)
const trilus: [boolean, number, number[]?][] = [
  [true, 0, [1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12]],
  [false, 0, [1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0]],
  [true, 1, [0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12]],
  [false, 1, [1, 2, 0, 0, 5, 6, 7, 0, 9, 10, 11, 12]],
  [true, -1, [1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12]],
  [false, -1, [0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0]],
  [true, 2, [0, 0, 3, 4, 0, 0, 0, 8, 0, 0, 0, 0]],
  [false, -2, [0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0]],
  [true, 5],
  [false, -5],
];
const bits = B(
  Array.from({ length: 18 }, (_, i) => i % 3 !== 0),
  [2, 3, 3],
);
const maybe = (c: OpCase, dtype: 'float32', shape: number[], values: number[] | undefined): OpCase =>
  values ? want(c, dtype, shape, values) : c;

export const INDEXING_CASES: OpCase[] = [
  ...slices.map(([name, attrs, shape, values]) => maybe(one(name, 'Slice', [arange([4, 6])], attrs), 'float32', shape, values)),
  want(
    one('bool, step -2', 'Slice', [B([true, false, false, true], [4])], { starts: [3], ends: [0], steps: [-2] }),
    'bool',
    [2],
    [true, false],
  ),
  want(one('int32, negative start and end', 'Slice', [I([1, 2, 3, 4, 5], [5])], { starts: [-4], ends: [-1] }), 'int32', [3], [2, 3, 4]),
  one('a rank-3 on its last axis with step 2', 'Slice', [arange([2, 3, 5])], { starts: [1], ends: [END], axes: [-1], steps: [2] }),
  want(
    one('axis 0 with negative indices', 'Gather', [arange([3, 4]), I([2, -1, 0], [3])]),
    'float32',
    [3, 4],
    [8, 9, 10, 11, 8, 9, 10, 11, 0, 1, 2, 3],
  ),
  want(one('2-D indices on axis 0', 'Gather', [arange([3, 4]), I([1, -3], [2, 1])]), 'float32', [2, 1, 4], [4, 5, 6, 7, 0, 1, 2, 3]),
  want(
    one('2-D indices on axis 1', 'Gather', [arange([3, 4]), I([0, -1, 2, 1], [2, 2])], { axis: 1 }),
    'float32',
    [3, 2, 2],
    [0, 3, 2, 1, 4, 7, 6, 5, 8, 11, 10, 9],
  ),
  want(
    one('int32 on axis -2', 'Gather', [arange([2, 3, 4], 'int32'), I([2, 0, 1, -1], [2, 2])], { axis: -2 }),
    'int32',
    [2, 2, 2, 4],
    [8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20, 21, 22, 23, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
  ),
  want(one('bool with a rank-0 index', 'Gather', [B([true, false, true], [3]), I([-2], [])]), 'bool', [], [false]),
  one('repeated indices on the last axis', 'Gather', [wave([2, 5]), I([4, 4, -5, 0], [4])], { axis: -1 }),
  ...[4, -5].map((bad) =>
    failing(
      one(`index ${bad} out of range`, 'Gather', [arange([3, 4]), I([0, bad], [2])], { axis: 1 }),
      new RegExp(`t_Gather: node 'Gather_0' \\(Gather\\): index ${bad} is out of range for axis 1 of size 4`),
    ),
  ),
  ...shapes.map(([attrs, dims]) =>
    want(one(JSON.stringify(attrs), 'Shape', [B(Array<boolean>(120).fill(true), [2, 3, 4, 5])], attrs), 'int32', [dims.length], dims),
  ),
  want(one('of a rank-0 is empty', 'Shape', [F([1], [])]), 'int32', [0], []),
  ...trilus.map(([upper, k, values]) =>
    maybe(one(`upper=${upper}, k=${k} as a graph input`, 'Trilu', [x12, I([k], [])], { upper }), 'float32', [3, 4], values),
  ),
  want(one('without k (lower)', 'Trilu', [x12, undefined], { upper: false }), 'float32', [3, 4], [1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0]),
  want(one('without k (upper)', 'Trilu', [x12]), 'float32', [3, 4], [1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12]),
  wantRuns(
    graph('k from a Constant, batched input', 'Trilu', [seq([2, 4, 3])], (g, [v]) => {
      g.output('u', g.op1('Trilu', [v!, g.scalar(-1, 'int32')]));
      g.output('l', g.op1('Trilu', [v!, g.scalar(1, 'int32')], { upper: false }));
    }),
    [
      {
        u: { dtype: 'float32', shape: [2, 4, 3], data: [1, 2, 3, 4, 5, 6, 0, 8, 9, 0, 0, 12, 13, 14, 15, 16, 17, 18, 0, 20, 21, 0, 0, 24] },
        l: {
          dtype: 'float32',
          shape: [2, 4, 3],
          data: [1, 2, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 16, 17, 18, 19, 20, 21, 22, 23, 24],
        },
      },
    ],
  ),
  want(
    one('bool, k 1', 'Trilu', [bits, I([1], [])]),
    'bool',
    [2, 3, 3],
    [false, true, true, false, false, true, false, false, false, false, true, true, false, false, true, false, false, false],
  ),
  want(
    one('bool lower, k -1', 'Trilu', [bits, I([-1], [])], { upper: false }),
    'bool',
    [2, 3, 3],
    [false, false, false, false, false, false, false, true, false, false, false, false, false, false, false, false, true, false],
  ),
  want(
    one('int32, k -1', 'Trilu', [
      I(
        Array.from({ length: 12 }, (_, i) => i - 5),
        [3, 4],
      ),
      I([-1], []),
    ]),
    'int32',
    [3, 4],
    [-5, -4, -3, -2, -1, 0, 1, 2, 0, 4, 5, 6],
  ),
];
