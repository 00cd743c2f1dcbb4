/**
 * Unary ops and Cast. Expected values: numpy 2.4 / scipy 1.17 in float64 (Sin, Cos: Python 3 math.sin / math.cos; np.tanh, scipy.special.expit
 * and erf, np.exp, np.log, ...); trivial ones by hand. Cases without values compare with the reference engine.
 */
import type { OpName } from '@layerspec/spec';
import { B, F, I, wave } from '../tensors.js';
import { one, want, type OpCase } from './types.js';

const x6 = F([-2, -0.5, 0, 0.5, 1, 3], [2, 3]);
const onX6: [OpName, number[]][] = [
  ['Tanh', [-0.9640275800758169, -0.46211715726000974, 0, 0.46211715726000974, 0.7615941559557649, 0.9950547536867305]],
  ['Sigmoid', [0.11920292202211755, 0.3775406687981454, 0.5, 0.6224593312018546, 0.7310585786300049, 0.9525741268224334]],
  ['Exp', [0.1353352832366127, 0.6065306597126334, 1, 1.6487212707001282, Math.E, 20.085536923187668]],
  ['Erf', [-0.9953222650189527, -0.5204998778130465, 0, 0.5204998778130465, 0.8427007929497148, 0.9999779095030014]],
  ['Sin', [-0.9092974268256817, -0.479425538604203, 0, 0.479425538604203, 0.8414709848078965, 0.1411200080598672]],
  ['Cos', [-0.4161468365471424, 0.8775825618903728, 1, 0.8775825618903728, 0.5403023058681398, -0.9899924966004454]],
  ['Neg', [2, 0.5, -0, -0.5, -1, -3]],
  ['Abs', [2, 0.5, 0, 0.5, 1, 3]],
  ['Relu', [0, 0, 0, 0.5, 1, 3]],
  ['Identity', [-2, -0.5, 0, 0.5, 1, 3]],
];
const edges = F([0, 0.25, 1, 2, 10, -1, -0], [7]);
const atEdges: [OpName, number[]][] = [
  ['Log', [-Infinity, -1.3862943611198906, 0, Math.LN2, Math.LN10, NaN, -Infinity]],
  ['Sqrt', [0, 0.5, 1, Math.SQRT2, 3.1622776601683795, NaN, -0]],
  ['Reciprocal', [Infinity, 4, 1, 0.5, 0.1, -1, -Infinity]],
];
const big = F([-800, -50, -20, 20, 50, 800], [6]);
const xi = I([-3, 0, 5, -2147483647], [4]);
const onXi: [OpName, number[]][] = [
  ['Neg', [3, 0, -5, 2147483647]],
  ['Abs', [3, 0, 5, 2147483647]],
  ['Relu', [0, 0, 5, 0]],
  ['Identity', [-3, 0, 5, -2147483647]],
];
const b3 = B([true, false, true], [3]);

export const UNARY_CASES: OpCase[] = [
  ...onX6.map(([op, values]) => want(one('on [-2, -0.5, 0, 0.5, 1, 3]', op, [x6]), 'float32', [2, 3], values)),
  ...onX6.map(([op]) => one('on smooth values (3,4)', op, [wave([3, 4], 0.3)])),
  ...atEdges.map(([op, values]) => want(one('at 0, -1 and -0', op, [edges]), 'float32', [7], values)),
  ...(['Log', 'Sqrt', 'Reciprocal', 'Exp'] as const).map((op) =>
    one('on positives (2,3)', op, [F([0.001, 0.3, 1.7, 4, 25, 1000], [2, 3])]),
  ),
  one('overflows to inf and underflows to 0', 'Exp', [F([-200, -90, 80, 89, 100], [5])]),
  want(
    one('does not overflow at ±50 and ±800', 'Sigmoid', [big]),
    'float32',
    [6],
    [0, 1.928749847963918e-22, 2.0611536181902037e-9, 0.9999999979388463, 1, 1],
  ),
  want(one('saturates', 'Tanh', [big]), 'float32', [6], [-1, -1, -1, 1, 1, 1]),
  want(
    one('in the tails', 'Erf', [F([-6.5, -3, -2.5, 2.5, 4, 10], [6])]),
    'float32',
    [6],
    [-1, -0.9999779095030014, -0.999593047982555, 0.999593047982555, 0.9999999845827421, 1],
  ),
  // angles a position encoding reaches (float32 inputs; values computed from the float32-rounded inputs)
  one('at large angles', 'Sin', [F([-100.5, -20, 7, 50, 1000], [5])]),
  one('at large angles', 'Cos', [F([-100.5, -20, 7, 50, 1000], [5])]),
  want(one('propagates NaN', 'Relu', [F([NaN, -1, 2], [3])]), 'float32', [3], [NaN, 0, 2]),
  ...(['Neg', 'Abs', 'Exp', 'Tanh', 'Sigmoid', 'Erf'] as const).map((op) =>
    want(one('keeps NaN', op, [F([NaN], [1])]), 'float32', [1], [NaN]),
  ),
  ...onXi.map(([op, values]) => want(one('int32', op, [xi]), 'int32', [4], values)),
  want(one('bool', 'Identity', [B([true, false], [2])]), 'bool', [2], [true, false]),
  want(one('rank-0', 'Identity', [F([2.5], [])]), 'float32', [], [2.5]),
  want(
    one('float -> int32 truncates toward zero', 'Cast', [F([-2.7, -0.5, 0.5, 2.7, 3, -0], [6])], { to: 'int32' }),
    'int32',
    [6],
    [-2, 0, 0, 2, 3, 0],
  ),
  one('float -> int32 of ±1e9', 'Cast', [F([-2.7, -0.5, 0.5, 2.7, 3, -0, -1e9, 1e9], [8])], { to: 'int32' }),
  want(
    one('float -> bool is x != 0 (NaN true, -0 false)', 'Cast', [F([0, -0, 0.1, NaN, -3, Infinity], [6])], { to: 'bool' }),
    'bool',
    [6],
    [false, false, true, true, true, true],
  ),
  want(one('bool -> float32', 'Cast', [b3], { to: 'float32' }), 'float32', [3], [1, 0, 1]),
  want(one('bool -> int32', 'Cast', [b3], { to: 'int32' }), 'int32', [3], [1, 0, 1]),
  want(one('int32 -> bool', 'Cast', [I([0, -4, 2], [3])], { to: 'bool' }), 'bool', [3], [false, true, true]),
  want(
    one('int32 -> float32 rounds like numpy astype(float32)', 'Cast', [I([-3, 0, 16777217, 2147483647], [4])], { to: 'float32' }),
    'float32',
    [4],
    [-3, 0, 16777216, 2147483648],
  ),
  want(one('float32 -> float32', 'Cast', [F([1.5, -2], [2])], { to: 'float32' }), 'float32', [2], [1.5, -2]),
  want(one('int32 -> int32', 'Cast', [I([9, -9], [1, 2])], { to: 'int32' }), 'int32', [1, 2], [9, -9]),
  one('bool -> bool', 'Cast', [B([true, false], [2])], { to: 'bool' }),
];
