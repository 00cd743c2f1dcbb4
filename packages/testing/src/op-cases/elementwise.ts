/**
 * Binary elementwise ops, bool ops and Where. Expected values: numpy 2.4 in float64 (np.add, np.subtract,
 * ..., np.where, np.maximum); int32 results use numpy int32 arithmetic (wrapping), int Div np.fix(a / b);
 * trivial ones by hand. Cases without values compare with the reference engine.
 */
import type { DType, OpName } from '@layerspec/spec';
import { B, F, I, seq, wave } from '../tensors.js';
import { exactly, failing, one, want, type OpCase } from './types.js';

// name, a shape, b shape, out shape, a + b, a - b (a = 1..n, b = 10 * (1..m))
const broadcasting: [string, number[], number[], number[], number[], number[]][] = [
  ['tensor and rank-0 scalar', [2, 3], [], [2, 3], [11, 12, 13, 14, 15, 16], [-9, -8, -7, -6, -5, -4]],
  ['rank-0 and rank-0', [], [], [], [11], [-9]],
  ['trailing (3) against (2,3)', [2, 3], [3], [2, 3], [11, 22, 33, 14, 25, 36], [-9, -18, -27, -6, -15, -24]],
  ['leading 1 on the right', [2, 3], [1, 3], [2, 3], [11, 22, 33, 14, 25, 36], [-9, -18, -27, -6, -15, -24]],
  ['leading 1 on the left', [1, 3], [2, 3], [2, 3], [11, 22, 33, 41, 52, 63], [-9, -18, -27, -39, -48, -57]],
  ['trailing 1 (column)', [2, 3], [2, 1], [2, 3], [11, 12, 13, 24, 25, 26], [-9, -8, -7, -16, -15, -14]],
  [
    'middle 1-dim',
    [2, 3, 4],
    [2, 1, 4],
    [2, 3, 4],
    [11, 22, 33, 44, 15, 26, 37, 48, 19, 30, 41, 52, 63, 74, 85, 96, 67, 78, 89, 100, 71, 82, 93, 104],
    [-9, -18, -27, -36, -5, -14, -23, -32, -1, -10, -19, -28, -37, -46, -55, -64, -33, -42, -51, -60, -29, -38, -47, -56],
  ],
  [
    'both sides broadcast, ranks differ',
    [2, 1, 4],
    [3, 1],
    [2, 3, 4],
    [11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 15, 16, 17, 18, 25, 26, 27, 28, 35, 36, 37, 38],
    [-9, -8, -7, -6, -19, -18, -17, -16, -29, -28, -27, -26, -5, -4, -3, -2, -15, -14, -13, -12, -25, -24, -23, -22],
  ],
  ['outer product (2,1) with (1,3)', [2, 1], [1, 3], [2, 3], [11, 21, 31, 12, 22, 32], [-9, -19, -29, -8, -18, -28]],
  [
    'alternating 1-dims',
    [4, 1, 3],
    [1, 2, 1],
    [4, 2, 3],
    [11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26, 17, 18, 19, 27, 28, 29, 20, 21, 22, 30, 31, 32],
    [-9, -8, -7, -19, -18, -17, -6, -5, -4, -16, -15, -14, -3, -2, -1, -13, -12, -11, 0, 1, 2, -10, -9, -8],
  ],
  ['lower rank on the left', [3], [2, 1, 1], [2, 1, 3], [11, 12, 13, 21, 22, 23], [-9, -8, -7, -19, -18, -17]],
  ['empty dim', [0, 3], [3], [0, 3], [], []],
];

const Af = F([-1.5, 0, 2, 3, -4, 0.5], [2, 3]);
const Bf = F([2, -0.5, 0.5], [3]);
const floatBinary: [OpName, DType, (number | boolean)[]][] = [
  ['Add', 'float32', [0.5, -0.5, 2.5, 5, -4.5, 1]],
  ['Sub', 'float32', [-3.5, 0.5, 1.5, 1, -3.5, 0]],
  ['Mul', 'float32', [-3, -0, 1, 6, 2, 0.25]],
  ['Div', 'float32', [-0.75, -0, 4, 1.5, 8, 1]],
  ['Pow', 'float32', [2.25, Infinity, Math.SQRT2, 9, NaN, Math.SQRT1_2]],
  ['Max', 'float32', [2, 0, 2, 3, -0.5, 0.5]],
  ['Min', 'float32', [-1.5, -0.5, 0.5, 2, -4, 0.5]],
  ['Equal', 'bool', [false, false, false, false, false, true]],
  ['Less', 'bool', [true, false, false, false, true, false]],
  ['LessOrEqual', 'bool', [true, false, false, false, true, true]],
  ['Greater', 'bool', [false, true, true, true, false, false]],
  ['GreaterOrEqual', 'bool', [false, true, true, true, false, true]],
];

const Ai = I([7, -7, 0, 5, -5, 9], [2, 3]);
const Bi = I([2, 2, -4], [3]);
const intBinary: [OpName, DType, (number | boolean)[]][] = [
  ['Add', 'int32', [9, -5, -4, 7, -3, 5]],
  ['Sub', 'int32', [5, -9, 4, 3, -7, 13]],
  ['Mul', 'int32', [14, -14, 0, 10, -10, -36]],
  // truncation toward zero (np.fix(a / b)); floor division would give [3, -4, 0, 2, -3, -3]
  ['Div', 'int32', [3, -3, 0, 2, -2, -2]],
  ['Max', 'int32', [7, 2, 0, 5, 2, 9]],
  ['Min', 'int32', [2, -7, -4, 2, -5, -4]],
  ['Equal', 'bool', [false, false, false, false, false, false]],
  ['Less', 'bool', [false, true, false, false, true, false]],
  ['LessOrEqual', 'bool', [false, true, false, false, true, false]],
  ['Greater', 'bool', [true, false, true, true, false, true]],
  ['GreaterOrEqual', 'bool', [true, false, true, true, false, true]],
];

const nanA = F([NaN, 1, NaN, -Infinity, 3], [5]);
const nanB = F([0, NaN, NaN, 2, -1], [5]);
const FLOAT_OPS = floatBinary.map(([op]) => op);

export const ELEMENTWISE_CASES: OpCase[] = [
  ...broadcasting.flatMap(([name, sa, sb, so, sum, diff]) => [
    exactly(want(one(`broadcasting: ${name}`, 'Add', [seq(sa), seq(sb, 10)]), 'float32', so, sum)),
    exactly(want(one(`broadcasting: ${name}`, 'Sub', [seq(sa), seq(sb, 10)]), 'float32', so, diff)),
  ]),
  want(one('int32 against a rank-0 int', 'Mul', [I([1, 2, 3], [3]), I([-2], [])]), 'int32', [3], [-2, -4, -6]),
  one('int32 broadcasting (2,1,4) with (3,1)', 'Add', [
    I(
      Array.from({ length: 8 }, (_, i) => i - 3),
      [2, 1, 4],
    ),
    I([10, -20, 30], [3, 1]),
  ]),
  ...floatBinary.map(([op, dtype, values]) => want(one('float32 (2,3) with (3)', op, [Af, Bf]), dtype, [2, 3], values)),
  ...FLOAT_OPS.map((op) => one('float32 smooth values (2,1,4) with (3,1)', op, [wave([2, 1, 4]), F([0.5, 1.25, 2], [3, 1])])),
  one('negatives by integer exponents', 'Pow', [F([-2, -1.5, -3, 0, 2, 4], [6]), F([2, 3, -1, 0, 0.5, -0.5], [6])]),
  // IEEE, by hand: 1/0, -1/0, 0/0
  want(one('by zero gives ±inf and NaN for floats', 'Div', [F([1, -1, 0], [3]), F([0], [])]), 'float32', [3], [Infinity, -Infinity, NaN]),
  want(one('propagates NaN from either side', 'Max', [nanA, nanB]), 'float32', [5], [NaN, NaN, NaN, 2, 3]),
  want(one('propagates NaN from either side', 'Min', [nanA, nanB]), 'float32', [5], [NaN, NaN, NaN, -Infinity, -1]),
  // NaN in a broadcast scalar reaches every element (by hand).
  want(one('a NaN scalar reaches every element', 'Max', [F([1, 2], [2]), F([NaN], [])]), 'float32', [2], [NaN, NaN]),
  want(one('with NaN is false', 'Less', [nanA, nanB]), 'bool', [5], [false, false, false, true, false]),
  want(one('with NaN is false', 'Equal', [nanA, nanB]), 'bool', [5], [false, false, false, false, false]),
  want(one('with NaN is false', 'GreaterOrEqual', [nanA, nanB]), 'bool', [5], [false, false, false, false, true]),
  ...intBinary.map(([op, dtype, values]) => want(one('int32 (2,3) with (3)', op, [Ai, Bi]), dtype, [2, 3], values)),
  one('int32 truncates toward zero, every sign combination', 'Div', [
    I([7, -7, 7, -7, 6, -6, 0, 1, -1, 2147483647], [10]),
    I([2, 2, -2, -2, 3, 3, -5, 7, 7, -1], [10]),
  ]),
  one('int32 with a broadcast divisor', 'Div', [
    I(
      Array.from({ length: 12 }, (_, i) => i * 5 - 30),
      [3, 4],
    ),
    I([4, -3, 7], [3, 1]),
  ]),
  want(one('int32 finds equal entries', 'Equal', [I([3, -1, 0], [3]), I([3, 1, 0], [3])]), 'bool', [3], [true, false, true]),
  want(one('int32 wraps around', 'Add', [I([2147483647, -2147483648], [2]), I([1], [1])]), 'int32', [2], [-2147483648, -2147483647]),
  want(one('int32 wraps around', 'Sub', [I([-2147483648, 5], [2]), I([1], [1])]), 'int32', [2], [2147483647, 4]),
  // The exact product 121932631112635269 is not representable in float64; numpy int32 gives -67153019.
  want(
    one('int32 wraps around (products beyond 2^53 too)', 'Mul', [I([123456789, 65536, -46341], [3]), I([987654321, 65536, 46341], [3])]),
    'int32',
    [3],
    [-67153019, 0, 2147479015],
  ),
  failing(one('int32 by zero', 'Div', [I([4, 5], [2]), I([2, 0], [2])]), /t_Div: node 'Div_0' \(Div\): integer division by zero/),
  ...(
    [
      ['And', [true, false, false, false]],
      ['Or', [true, true, true, false]],
      ['Xor', [false, true, true, false]],
      ['Equal', [true, false, false, true]],
    ] as const
  ).map(([op, values]) => want(one('bool (2,1) with (2)', op, [B([true, false], [2, 1]), B([true, false], [2])]), 'bool', [2, 2], values)),
  one('bool with a rank-0', 'And', [B([true, false, true], [3]), B([true], [])]),
  want(one('bool (3)', 'Not', [B([true, false, false], [3])]), 'bool', [3], [false, true, true]),
  one('bool (2,2,1)', 'Not', [B([false, true, true, false], [2, 2, 1])]),
  want(
    one('broadcasts condition (2,1,1), X (3,1) and Y (4) to (2,3,4)', 'Where', [
      B([true, false], [2, 1, 1]),
      F([1, 2, 3], [3, 1]),
      F([10, 20, 30, 40], [4]),
    ]),
    'float32',
    [2, 3, 4],
    [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 10, 20, 30, 40, 10, 20, 30, 40, 10, 20, 30, 40],
  ),
  want(
    one('int32 with a rank-0 X', 'Where', [B([true, false, true, false, false, true], [2, 3]), I([7], []), I([-1, -2], [2, 1])]),
    'int32',
    [2, 3],
    [7, -1, 7, -2, -2, 7],
  ),
  want(
    one('bool X and Y, rank-0 Y', 'Where', [B([true, false, true], [3]), B([true, false], [2, 1]), B([false], [])]),
    'bool',
    [2, 3],
    [true, false, true, false, false, false],
  ),
  one('rank-0 condition', 'Where', [B([false], []), F([1, 2, 3], [3]), F([-1], [])]),
  one('keeps NaN and inf of the chosen side', 'Where', [
    B([true, false, true, false], [4]),
    F([NaN, 1, Infinity, 2], [4]),
    F([0, NaN, 0, -Infinity], [4]),
  ]),
];
