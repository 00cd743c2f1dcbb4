/**
 * MatMul, and Transposes folded into it (a backend may fuse a last-two-axes Transpose into its product;
 * an Identity between them stops the fold, giving the unfused path, and both must agree). Expected values:
 * np.matmul of va(A shape), vb(B shape) (see tensors.ts: exact in float32). Cases without values compare
 * with the reference engine.
 */
import type { HostTensor, Value } from '@layerspec/spec';
import { F, I, va, vb, wave } from '../tensors.js';
import { exactly, graph, one, want, wantRuns, type OpCase } from './types.js';

// name, A shape, B shape, out shape, values (absent: the reference engine decides)
const shapes: [string, number[], number[], number[], number[]?][] = [
  ['2-D', [2, 3], [3, 4], [2, 4], [2.625, 1.0625, -2.125, 2, -0.875, 0.0625, 0.1875, -0.5]],
  ['1-D on the left is promoted and the dim removed', [3], [3, 4], [4], [2.625, 1.0625, -2.125, 2]],
  ['1-D on the right is promoted and the dim removed', [2, 3], [3], [2], [1.25, -2.6875]],
  ['1-D on both sides gives rank 0', [3], [3], [], [1.25]],
  ['1-D left against a batched right', [4], [5, 4, 2], [5, 2], [1.625, 0, 1.625, 1.625, 1.625, 1.625, 0, 1.625, 0, -2.4375]],
  ['batched left against a 1-D right', [2, 3, 4], [4], [2, 3], [0, 0.8125, 2.3125, 0.375, 1.875, -2.8125]],
  [
    'right operand without batch dims',
    [2, 3, 4],
    [4, 5],
    [2, 3, 5],
    [
      3.25, -0.8125, -0.8125, 3.25, -0.8125, -0.25, -0.4375, 0.1875, -0.8125, -0.1875, 1.0625, 1.3125, -0.875, -1.4375, 0.4375, 0.3125,
      -1.0625, 0.8125, -1.375, -0.3125, 1.625, 0.6875, -0.25, -2, 0.3125, -2.5625, 0.375, 0.0625, 2.1875, 0.25,
    ],
  ],
  [
    'left operand without batch dims',
    [3, 4],
    [2, 4, 5],
    [2, 3, 5],
    [
      3.25, -0.8125, -0.8125, 3.25, -0.8125, -0.25, -0.4375, 0.1875, -0.8125, -0.1875, 1.0625, 1.3125, -0.875, -1.4375, 0.4375, -0.8125,
      1.625, -0.8125, -0.8125, -0.8125, 0.0625, 2.3125, -0.3125, 0.3125, -0.6875, -0.4375, -1.8125, 0.875, -1.3125, 2.1875,
    ],
  ],
  [
    'batch dims broadcast on both sides: (2,1,3,4) @ (5,4,2)',
    [2, 1, 3, 4],
    [5, 4, 2],
    [2, 5, 3, 2],
    [
      1.625, 0, -0.875, 2.1875, 2.8125, -1.8125, 1.625, 1.625, -0.75, -0.9375, 2.375, -1.4375, 1.625, 1.625, -0.625, -0.8125, 1.9375,
      -1.875, 0, 1.625, 1.9375, -0.6875, -0.9375, -2.3125, 0, -2.4375, 2.0625, -0.5625, -1.375, 1.3125, -1.0625, 2.4375, 2.625, -1.5625,
      -1.9375, -1.4375, -0.6875, -1.25, 2.4375, -1.75, -2, 2.5625, -0.3125, -0.875, 2.25, -1.9375, -2.0625, 2.5, 1.6875, -0.5, -1.1875,
      -2.125, -1.3125, 2.4375, 2.0625, -0.9375, -1.375, 0.9375, -1.375, 0.75,
    ],
  ],
  ['batch of 1 against a batch of 3: (1,2,3) @ (3,3,2)', [1, 2, 3], [3, 3, 2], [3, 2, 2]],
  ['equal batches: (2,3,2,4) @ (2,3,4,3)', [2, 3, 2, 4], [2, 3, 4, 3], [2, 3, 2, 3]],
];
const intShapes: [string, number[], number[], number[], number[]?][] = [
  ['2-D', [2, 3], [3, 4], [2, 4], [42, 17, -34, 32, -14, 1, 3, -8]],
  ['batched left, 1-D right', [2, 2, 3], [3], [2, 2], [20, -43, -40, -37]],
  ['1-D left, batched right', [3], [2, 3, 2], [2, 2], [36, -15, -10, -9]],
  [
    'batch broadcasting',
    [2, 1, 2, 3],
    [3, 3, 2],
    [2, 3, 2, 2],
    [36, -15, -29, -27, -10, -9, -30, 24, -4, 36, 21, -29, -28, -28, -27, -29, -28, 24, -26, 24, 24, -28, 27, -27],
  ],
  ['right operand without batch dims', [2, 3, 4], [4, 2], [2, 3, 2]],
];

/** MatMul of inputs x0, x1, each behind a last-two-axes Transpose when `ta`/`tb`; `barrier` puts an Identity in between (no fold). */
function product(name: string, a: HostTensor, b: HostTensor, ta: boolean, tb: boolean, barrier: boolean): OpCase {
  return graph(name, 'MatMul', [a, b], (g, [x0, x1]) => {
    const operand = (v: Value, trans: boolean): Value => {
      if (!trans) return v;
      const r = v.type.shape.length;
      const tv = g.op1('Transpose', [v], { perm: [...Array(r - 2).keys(), r - 1, r - 2] });
      return barrier ? g.op1('Identity', [tv]) : tv;
    };
    g.output('y', g.op1('MatMul', [operand(x0!, ta), operand(x1!, tb)]));
  });
}

// name, a, b, transpose a, transpose b, out shape, values (absent: the reference engine decides)
const folds: [string, HostTensor, HostTensor, boolean, boolean, number[], number[]?][] = [
  [
    'left: T(2,4,3) @ (4,5)',
    va([2, 4, 3]),
    vb([4, 5]),
    true,
    false,
    [2, 3, 5],
    [
      5.75, -1.8125, 0.375, -0.6875, -0.9375, -0.625, 0, 0.625, -1.1875, 0.25, -2.875, 2.5, -1.875, 1.0625, 0.75, -0.625, 0, 0.625, -1.1875,
      0.25, -2.875, 2.5, -1.875, 1.0625, 0.75, 1.0625, -1.875, 2.5, -2.875, -0.125,
    ],
  ],
  [
    'right: (2,3,4) @ T(2,5,4)',
    va([2, 3, 4]),
    vb([2, 5, 4]),
    false,
    true,
    [2, 3, 5],
    [
      0, 1.625, 0, 0, 0, 0.8125, -1.5625, 0.9375, 1, 1.0625, 2.3125, 0.0625, 1.875, -2.8125, 1.4375, 1.3125, -2.5625, 1.6875, -2.1875, 1.25,
      -3.0625, 1.3125, -3.25, 1.125, -0.1875, 1.5, 1.0625, 1.4375, 1, -0.25,
    ],
  ],
  [
    'both: T(2,4,3) @ T(5,4)',
    va([2, 4, 3]),
    vb([5, 4]),
    true,
    true,
    [2, 3, 5],
    [
      1.8125, 1.625, 2.25, -2, 2.6875, -0.5625, 0.3125, -0.4375, -0.375, -0.3125, 1.1875, -1.6875, 0.3125, -0.125, -0.5625, -0.5625, 0.3125,
      -0.4375, -0.375, -0.3125, 1.1875, -1.6875, 0.3125, -0.125, -0.5625, -1.875, 1.8125, -1, -0.5625, -0.125,
    ],
  ],
  ['2-D both: T(4,3) @ T(5,4)', va([4, 3]), vb([5, 4]), true, true, [3, 5]],
  [
    'left with batch broadcasting: T(2,1,4,3) @ (5,4,2)',
    va([2, 1, 4, 3]),
    vb([5, 4, 2]),
    true,
    false,
    [2, 5, 3, 2],
    [
      3, 1.125, -0.375, -0.5625, 0.375, -1.5625, 3.4375, -1.6875, -0.25, -0.4375, -0.5, 0.8125, 3.875, -1.25, -0.125, -0.3125, -1.375,
      -0.0625, 0.25, -0.8125, -0.8125, -0.1875, 0.1875, -0.9375, 0.6875, -2.8125, -0.6875, 0.75, -0.6875, 2.25, -0.375, -0.5625, 0.375,
      -1.5625, -0.9375, 0.1875, -0.25, -0.4375, -0.5, 0.8125, -0.0625, -1.375, -0.125, -0.3125, -1.375, -0.0625, 0.8125, -0.5, -0.8125,
      -0.1875, 0.1875, -0.9375, -1.5625, 0.375, -0.6875, 0.75, -0.6875, 2.25, -0.6875, -0.375,
    ],
  ],
  ['right with batch broadcasting: (2,1,3,4) @ T(5,2,4)', va([2, 1, 3, 4]), vb([5, 2, 4]), false, true, [2, 5, 3, 2]],
  ['left 2-D against a 1-D right: T(4,3) @ (4)', va([4, 3]), vb([4]), true, false, [3], [1.8125, -0.5625, 1.1875]],
  ['1-D left against a batched right: (4) @ T(2,3,4)', va([4]), vb([2, 3, 4]), false, true, [2, 3], [0, 1.625, 0, 0, 0, 0]],
  ['batched left against a 1-D right: T(2,4,3) @ (4)', va([2, 4, 3]), vb([4]), true, false, [2, 3]],
  ['1-D left against a 2-D right: (4) @ T(3,4)', va([4]), vb([3, 4]), false, true, [3]],
  ['int32 left 2-D against a 1-D right: T(4,3) @ (4)', va([4, 3], 'int32'), vb([4], 'int32'), true, false, [3]],
  ['int32 left: T(4,2) @ (4,3)', va([4, 2], 'int32'), vb([4, 3], 'int32'), true, false, [2, 3], [36, 26, -49, -26, -6, 53]],
  ['int32 right, batched: (2,2,3) @ T(2,4,3)', va([2, 2, 3], 'int32'), vb([2, 4, 3], 'int32'), false, true, [2, 2, 4]],
];

const withValues = (c: OpCase, dtype: 'float32' | 'int32', shape: number[], values: number[] | undefined): OpCase =>
  values ? want(c, dtype, shape, values) : c;

export const MATMUL_CASES: OpCase[] = [
  ...shapes.map(([name, sa, sb, so, values]) => exactly(withValues(one(name, 'MatMul', [va(sa), vb(sb)]), 'float32', so, values))),
  one('smooth values (2,3,5) @ (5,4)', 'MatMul', [wave([2, 3, 5]), wave([5, 4], 1)]),
  // by hand: a sum of nothing
  exactly(want(one('an empty inner dim gives zeros', 'MatMul', [F([], [2, 0]), F([], [0, 3])]), 'float32', [2, 3], [0, 0, 0, 0, 0, 0])),
  exactly(one('an empty inner dim, batched, gives zeros', 'MatMul', [F([], [2, 3, 0]), F([], [0, 4])])),
  one('int32 with an empty inner dim gives zeros', 'MatMul', [I([], [2, 0]), I([], [2, 0, 3])]),
  ...intShapes.map(([name, sa, sb, so, values]) =>
    withValues(one(`int32 ${name}`, 'MatMul', [va(sa, 'int32'), vb(sb, 'int32')]), 'int32', so, values),
  ),
  ...folds.flatMap(([name, a, b, ta, tb, so, values]) => [
    exactly(
      withValues(product(`Transpose folded in, ${name}`, a, b, ta, tb, false), a.dtype === 'int32' ? 'int32' : 'float32', so, values),
    ),
    exactly(
      withValues(
        product(`Transpose not folded (Identity barrier), ${name}`, a, b, ta, tb, true),
        a.dtype === 'int32' ? 'int32' : 'float32',
        so,
        values,
      ),
    ),
  ]),
  exactly(
    wantRuns(
      graph(
        'a folded Transpose that is also an output and feeds MatMuls on both sides',
        'MatMul',
        [va([4, 3]), vb([4, 2]), vb([5, 3])],
        (g, [x, w, v]) => {
          const t = g.op1('Transpose', [x!], { perm: [1, 0] });
          g.output('t', t);
          g.output('y1', g.op1('MatMul', [t, w!]));
          g.output('y2', g.op1('MatMul', [v!, t]));
        },
      ),
      [
        {
          t: { dtype: 'float32', shape: [3, 4], data: [-1.25, 1.25, 1, 0.75, 0.5, 0.25, 0, -0.25, -0.5, -0.75, -1, -1.25] },
          y1: { dtype: 'float32', shape: [3, 2], data: [3, 1.125, -0.375, -0.5625, 0.375, -1.5625] },
          y2: {
            dtype: 'float32',
            shape: [5, 4],
            data: [
              1.25, -2.6875, -2.5, -2.3125, 0.625, -2.3125, -2.5, -2.6875, 1.625, 0.5, 0.75, 1, 1, 0.875, 0.75, 0.625, -1.25, 0.4375, 0.75,
              1.0625,
            ],
          },
        },
      ],
    ),
  ),
  exactly(
    wantRuns(
      graph(
        'transposes that do not swap the last two axes are not folded',
        'MatMul',
        [va([3, 2, 4]), va([4, 3]), vb([4, 2])],
        (g, [x, y, w]) => {
          g.output('a', g.op1('MatMul', [g.op1('Transpose', [x!], { perm: [1, 0, 2] }), w!]));
          g.output('b', g.op1('MatMul', [g.op1('Transpose', [y!]), w!])); // default perm: reversed axes
        },
      ),
      [
        {
          a: {
            dtype: 'float32',
            shape: [2, 3, 2],
            data: [1.625, 0, 2.8125, -1.8125, 2.625, -1.5625, -0.875, 2.1875, -1.0625, 2.4375, -1.9375, -1.4375],
          },
          b: { dtype: 'float32', shape: [3, 2], data: [3, 1.125, -0.375, -0.5625, 0.375, -1.5625] },
        },
      ],
    ),
  ),
];
