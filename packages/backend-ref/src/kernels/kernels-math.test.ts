/**
 * Every elementwise, unary, reduction and source op run through the public path: a one-op graph from
 * GraphBuilder, compiled by the reference backend, run on HostTensors.
 *
 * Expected values were computed with numpy 2.4 / scipy 1.17 in float64 (np.add, np.subtract, ...,
 * np.where, np.maximum, scipy.special.erf/expit/softmax, np.sum/mean/max with the given axes) and
 * pasted here; int32 results use numpy int32 arithmetic (wrapping), int Div uses np.fix(a / b).
 * Trivial ones are by hand and say so. Layout ops and MatMul are in kernels-layout.test.ts, Scan in kernels-scan.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, tensor, type DType, type HostTensor, type OpName } from '@layerspec/spec';
import { backend } from '../index.js';
import { MATH_OPS, kernelOpRunner } from '../testing/kernel-ops.js';

const { run, ran } = kernelOpRunner(MATH_OPS);

const F = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'float32');
const I = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'int32');
const B = (values: readonly boolean[], shape: number[]): HostTensor => tensor(values.map(Number), shape, 'bool');
/** 1, 2, ..., n (times `scale`) over `shape`. */
const seq = (shape: number[], scale = 1): HostTensor => F(Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => (i + 1) * scale), shape);

/**
 * Checks dtype, shape and values; int32 and bool exactly. Floats: |got - want| <= tol * max(1, |want|) (tol = 1e-6 absorbs the
 * float32 rounding of the float64 expectation); NaN must match NaN; infinities must match exactly.
 */
function expectTensor(got: HostTensor, dtype: DType, shape: number[], want: readonly (number | boolean)[], tol = 1e-6): void {
  expect(got.dtype).toBe(dtype);
  expect(got.shape).toEqual(shape);
  expect(got.data.length).toBe(want.length);
  const bad: string[] = [];
  want.forEach((w, i) => {
    const e = Number(w);
    const a = got.data[i]!;
    const close = dtype === 'float32' && Number.isFinite(e) && Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));
    const ok = Number.isNaN(e) ? Number.isNaN(a) : a === e || close;
    if (!ok) bad.push(`[${i}] got ${a}, want ${e}`);
  });
  expect(bad).toEqual([]);
}

// ---- binary elementwise ----

describe('numpy broadcasting (Add and Sub; a = 1..n, b = 10 * (1..m))', () => {
  const cases: [string, number[], number[], number[], number[], number[]][] = [
    // name, a shape, b shape, out shape, a + b, a - b
    ['tensor and rank-0 scalar', [2, 3], [], [2, 3], [11, 12, 13, 14, 15, 16], [-9, -8, -7, -6, -5, -4]],
    ['rank-0 and rank-0', [], [], [], [11], [-9]],
    ['trailing (3) against (2,3)', [2, 3], [3], [2, 3], [11, 22, 33, 14, 25, 36], [-9, -18, -27, -6, -15, -24]],
    ['leading 1 on the right', [2, 3], [1, 3], [2, 3], [11, 22, 33, 14, 25, 36], [-9, -18, -27, -6, -15, -24]],
    ['leading 1 on the left', [1, 3], [2, 3], [2, 3], [11, 22, 33, 41, 52, 63], [-9, -18, -27, -39, -48, -57]],
    ['trailing 1 (column)', [2, 3], [2, 1], [2, 3], [11, 12, 13, 24, 25, 26], [-9, -8, -7, -16, -15, -14]],
    ['middle 1-dim', [2, 3, 4], [2, 1, 4], [2, 3, 4],
      [11, 22, 33, 44, 15, 26, 37, 48, 19, 30, 41, 52, 63, 74, 85, 96, 67, 78, 89, 100, 71, 82, 93, 104],
      [-9, -18, -27, -36, -5, -14, -23, -32, -1, -10, -19, -28, -37, -46, -55, -64, -33, -42, -51, -60, -29, -38, -47, -56]],
    ['both sides broadcast, ranks differ', [2, 1, 4], [3, 1], [2, 3, 4],
      [11, 12, 13, 14, 21, 22, 23, 24, 31, 32, 33, 34, 15, 16, 17, 18, 25, 26, 27, 28, 35, 36, 37, 38],
      [-9, -8, -7, -6, -19, -18, -17, -16, -29, -28, -27, -26, -5, -4, -3, -2, -15, -14, -13, -12, -25, -24, -23, -22]],
    ['outer product (2,1) with (1,3)', [2, 1], [1, 3], [2, 3], [11, 21, 31, 12, 22, 32], [-9, -19, -29, -8, -18, -28]],
    ['alternating 1-dims', [4, 1, 3], [1, 2, 1], [4, 2, 3],
      [11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26, 17, 18, 19, 27, 28, 29, 20, 21, 22, 30, 31, 32],
      [-9, -8, -7, -19, -18, -17, -6, -5, -4, -16, -15, -14, -3, -2, -1, -13, -12, -11, 0, 1, 2, -10, -9, -8]],
    ['lower rank on the left', [3], [2, 1, 1], [2, 1, 3], [11, 12, 13, 21, 22, 23], [-9, -8, -7, -19, -18, -17]],
    ['empty dim', [0, 3], [3], [0, 3], [], []],
  ];
  it.each(cases)('%s', async (_name, sa, sb, so, sum, diff) => {
    expectTensor(await run('Add', [seq(sa), seq(sb, 10)]), 'float32', so, sum);
    expectTensor(await run('Sub', [seq(sa), seq(sb, 10)]), 'float32', so, diff);
  });
  it('int32 broadcasting against a rank-0 int', async () => {
    // by hand: [1, 2, 3] * -2
    expectTensor(await run('Mul', [I([1, 2, 3], [3]), I([-2], [])]), 'int32', [3], [-2, -4, -6]);
  });
  it('rejects shapes that do not broadcast when the graph is built', async () => {
    await expect(run('Add', [seq([2, 3]), seq([2])])).rejects.toThrow(/node 'Add_0' \(Add\): cannot broadcast \[2, 3\] with \[2\]/);
  });
});

describe('binary ops, float32: A (2,3) = [[-1.5, 0, 2], [3, -4, 0.5]], B (3) = [2, -0.5, 0.5]', () => {
  const A = F([-1.5, 0, 2, 3, -4, 0.5], [2, 3]);
  const Bv = F([2, -0.5, 0.5], [3]);
  const cases: [OpName, DType, number[] | boolean[]][] = [
    ['Add', 'float32', [0.5, -0.5, 2.5, 5, -4.5, 1]],
    ['Sub', 'float32', [-3.5, 0.5, 1.5, 1, -3.5, 0]],
    ['Mul', 'float32', [-3, -0, 1, 6, 2, 0.25]],
    ['Div', 'float32', [-0.75, -0, 4, 1.5, 8, 1]],
    ['Pow', 'float32', [2.25, Infinity, 1.4142135623730951, 9, NaN, 0.7071067811865476]],
    ['Max', 'float32', [2, 0, 2, 3, -0.5, 0.5]],
    ['Min', 'float32', [-1.5, -0.5, 0.5, 2, -4, 0.5]],
    ['Equal', 'bool', [false, false, false, false, false, true]],
    ['Less', 'bool', [true, false, false, false, true, false]],
    ['LessOrEqual', 'bool', [true, false, false, false, true, true]],
    ['Greater', 'bool', [false, true, true, true, false, false]],
    ['GreaterOrEqual', 'bool', [false, true, true, true, false, true]],
  ];
  it.each(cases)('%s', async (op, dtype, want) => {
    expectTensor(await run(op, [A, Bv]), dtype, [2, 3], want);
  });
  it('Div by zero gives ±inf and NaN for floats', async () => {
    // IEEE, by hand: 1/0, -1/0, 0/0
    expectTensor(await run('Div', [F([1, -1, 0], [3]), F([0], [])]), 'float32', [3], [Infinity, -Infinity, NaN]);
  });
  it('Max and Min propagate NaN from either side; comparisons with NaN are false', async () => {
    const a = F([NaN, 1, NaN, -Infinity, 3], [5]);
    const b = F([0, NaN, NaN, 2, -1], [5]);
    expectTensor(await run('Max', [a, b]), 'float32', [5], [NaN, NaN, NaN, 2, 3]);
    expectTensor(await run('Min', [a, b]), 'float32', [5], [NaN, NaN, NaN, -Infinity, -1]);
    expectTensor(await run('Less', [a, b]), 'bool', [5], [false, false, false, true, false]);
    expectTensor(await run('Equal', [a, b]), 'bool', [5], [false, false, false, false, false]);
    expectTensor(await run('GreaterOrEqual', [a, b]), 'bool', [5], [false, false, false, false, true]);
    // NaN in a broadcast scalar reaches every element (by hand).
    expectTensor(await run('Max', [F([1, 2], [2]), F([NaN], [])]), 'float32', [2], [NaN, NaN]);
  });
});

describe('binary ops, int32: A (2,3) = [[7, -7, 0], [5, -5, 9]], B (3) = [2, 2, -4]', () => {
  const A = I([7, -7, 0, 5, -5, 9], [2, 3]);
  const Bv = I([2, 2, -4], [3]);
  const cases: [OpName, DType, number[] | boolean[]][] = [
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
  it.each(cases)('%s', async (op, dtype, want) => {
    expectTensor(await run(op, [A, Bv]), dtype, [2, 3], want);
  });
  it('Equal on ints finds equal entries (by hand)', async () => {
    expectTensor(await run('Equal', [I([3, -1, 0], [3]), I([3, 1, 0], [3])]), 'bool', [3], [true, false, true]);
  });
  it('wraps around like numpy int32', async () => {
    expectTensor(await run('Add', [I([2147483647, -2147483648], [2]), I([1], [1])]), 'int32', [2], [-2147483648, -2147483647]);
    expectTensor(await run('Sub', [I([-2147483648, 5], [2]), I([1], [1])]), 'int32', [2], [2147483647, 4]);
    // The exact product 121932631112635269 is not representable in float64; numpy int32 gives -67153019.
    expectTensor(await run('Mul', [I([123456789, 65536, -46341], [3]), I([987654321, 65536, 46341], [3])]), 'int32', [3], [-67153019, 0, 2147479015]);
  });
  it('integer division by zero throws naming the node', async () => {
    await expect(run('Div', [I([4, 5], [2]), I([2, 0], [2])])).rejects.toThrow(/t_Div: node 'Div_0' \(Div\): integer division by zero/);
  });
});

describe('bool ops: a (2,1) = [[T], [F]], b (2) = [T, F]', () => {
  const a = B([true, false], [2, 1]);
  const b = B([true, false], [2]);
  it.each([
    ['And', [true, false, false, false]],
    ['Or', [true, true, true, false]],
    ['Xor', [false, true, true, false]],
    ['Equal', [true, false, false, true]],
  ] as [OpName, boolean[]][])('%s', async (op, want) => {
    expectTensor(await run(op, [a, b]), 'bool', [2, 2], want);
  });
  it('Not', async () => {
    expectTensor(await run('Not', [B([true, false, false], [3])]), 'bool', [3], [false, true, true]);
  });
});

describe('Where', () => {
  it('broadcasts condition (2,1,1), X (3,1) and Y (4) to (2,3,4)', async () => {
    const c = B([true, false], [2, 1, 1]);
    const want = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 10, 20, 30, 40, 10, 20, 30, 40, 10, 20, 30, 40];
    expectTensor(await run('Where', [c, F([1, 2, 3], [3, 1]), F([10, 20, 30, 40], [4])]), 'float32', [2, 3, 4], want);
  });
  it('int32 with a rank-0 X', async () => {
    const c = B([true, false, true, false, false, true], [2, 3]);
    expectTensor(await run('Where', [c, I([7], []), I([-1, -2], [2, 1])]), 'int32', [2, 3], [7, -1, 7, -2, -2, 7]);
  });
  it('bool X and Y, rank-0 Y', async () => {
    const c = B([true, false, true], [3]);
    expectTensor(await run('Where', [c, B([true, false], [2, 1]), B([false], [])]), 'bool', [2, 3], [true, false, true, false, false, false]);
  });
});

// ---- unary ----

describe('unary ops on x = [-2, -0.5, 0, 0.5, 1, 3]', () => {
  const x = F([-2, -0.5, 0, 0.5, 1, 3], [2, 3]);
  it.each([
    ['Tanh', [-0.9640275800758169, -0.46211715726000974, 0, 0.46211715726000974, 0.7615941559557649, 0.9950547536867305]],
    ['Sigmoid', [0.11920292202211755, 0.3775406687981454, 0.5, 0.6224593312018546, 0.7310585786300049, 0.9525741268224334]],
    ['Exp', [0.1353352832366127, 0.6065306597126334, 1, 1.6487212707001282, 2.718281828459045, 20.085536923187668]],
    ['Erf', [-0.9953222650189527, -0.5204998778130465, 0, 0.5204998778130465, 0.8427007929497148, 0.9999779095030014]],
    ['Neg', [2, 0.5, -0, -0.5, -1, -3]],
    ['Abs', [2, 0.5, 0, 0.5, 1, 3]],
    ['Relu', [0, 0, 0, 0.5, 1, 3]],
    ['Identity', [-2, -0.5, 0, 0.5, 1, 3]],
  ] as [OpName, number[]][])('%s', async (op, want) => {
    expectTensor(await run(op, [x]), 'float32', [2, 3], want);
  });
  it('Log, Sqrt, Reciprocal at 0, -1 and -0', async () => {
    const y = F([0, 0.25, 1, 2, 10, -1, -0], [7]);
    expectTensor(await run('Log', [y]), 'float32', [7], [-Infinity, -1.3862943611198906, 0, 0.6931471805599453, 2.302585092994046, NaN, -Infinity]);
    expectTensor(await run('Sqrt', [y]), 'float32', [7], [0, 0.5, 1, 1.4142135623730951, 3.1622776601683795, NaN, -0]);
    expectTensor(await run('Reciprocal', [y]), 'float32', [7], [Infinity, 4, 1, 0.5, 0.1, -1, -Infinity]);
  });
  it('Sigmoid does not overflow at ±50 and ±800; Tanh saturates', async () => {
    const big = F([-800, -50, -20, 20, 50, 800], [6]);
    expectTensor(await run('Sigmoid', [big]), 'float32', [6], [0, 1.928749847963918e-22, 2.0611536181902037e-9, 0.9999999979388463, 1, 1], 1e-6);
    const s = await run('Sigmoid', [big]);
    expect(Math.abs(s.data[1]! - 1.928749847963918e-22) / 1.928749847963918e-22).toBeLessThan(1e-6); // relative, not just absolute
    expectTensor(await run('Tanh', [big]), 'float32', [6], [-1, -1, -1, 1, 1, 1]);
  });
  it('Erf in the tails (scipy.special.erf)', async () => {
    const t = F([-6.5, -3, -2.5, 2.5, 4, 10], [6]);
    expectTensor(await run('Erf', [t]), 'float32', [6], [-1, -0.9999779095030014, -0.999593047982555, 0.999593047982555, 0.9999999845827421, 1]);
  });
  it('Relu propagates NaN; NaN stays NaN through Neg, Abs, Exp, Tanh, Sigmoid, Erf', async () => {
    expectTensor(await run('Relu', [F([NaN, -1, 2], [3])]), 'float32', [3], [NaN, 0, 2]);
    for (const op of ['Neg', 'Abs', 'Exp', 'Tanh', 'Sigmoid', 'Erf'] as const) {
      expectTensor(await run(op, [F([NaN], [1])]), 'float32', [1], [NaN]);
    }
  });
  it('int32 Neg, Abs, Relu, Identity (by hand)', async () => {
    const xi = I([-3, 0, 5, -2147483647], [4]);
    expectTensor(await run('Neg', [xi]), 'int32', [4], [3, 0, -5, 2147483647]);
    expectTensor(await run('Abs', [xi]), 'int32', [4], [3, 0, 5, 2147483647]);
    expectTensor(await run('Relu', [xi]), 'int32', [4], [0, 0, 5, 0]);
    expectTensor(await run('Identity', [xi]), 'int32', [4], [-3, 0, 5, -2147483647]);
  });
  it('Identity on bool and rank-0', async () => {
    expectTensor(await run('Identity', [B([true, false], [2])]), 'bool', [2], [true, false]);
    expectTensor(await run('Identity', [F([2.5], [])]), 'float32', [], [2.5]);
  });
});

describe('Cast', () => {
  it('float -> int32 truncates toward zero', async () => {
    expectTensor(await run('Cast', [F([-2.7, -0.5, 0.5, 2.7, 3, -0], [6])], { to: 'int32' }), 'int32', [6], [-2, 0, 0, 2, 3, 0]);
  });
  it('float -> bool is x != 0 (NaN is true, -0 is false)', async () => {
    expectTensor(await run('Cast', [F([0, -0, 0.1, NaN, -3, Infinity], [6])], { to: 'bool' }), 'bool', [6], [false, false, true, true, true, true]);
  });
  it('bool -> float, bool -> int32, int32 -> bool (by hand)', async () => {
    const b = B([true, false, true], [3]);
    expectTensor(await run('Cast', [b], { to: 'float32' }), 'float32', [3], [1, 0, 1]);
    expectTensor(await run('Cast', [b], { to: 'int32' }), 'int32', [3], [1, 0, 1]);
    expectTensor(await run('Cast', [I([0, -4, 2], [3])], { to: 'bool' }), 'bool', [3], [false, true, true]);
  });
  it('int32 -> float rounds to float32 like numpy astype(float32)', async () => {
    expectTensor(await run('Cast', [I([-3, 0, 16777217, 2147483647], [4])], { to: 'float32' }), 'float32', [4], [-3, 0, 16777216, 2147483648], 0);
  });
  it('to the same dtype is the identity', async () => {
    expectTensor(await run('Cast', [F([1.5, -2], [2])], { to: 'float32' }), 'float32', [2], [1.5, -2]);
    expectTensor(await run('Cast', [I([9, -9], [1, 2])], { to: 'int32' }), 'int32', [1, 2], [9, -9]);
  });
});

// ---- Softmax ----

describe('Softmax (scipy.special.softmax)', () => {
  it('last axis, including logits of ±1e4 (no overflow)', async () => {
    const x = F([1, 2, 3, 1e4, 1e4 + 1, 1e4 + 3, -1e4, -1e4 - 1, -1e4 - 3], [3, 3]);
    const want = [
      0.09003057317038046, 0.24472847105479764, 0.6652409557748218,
      0.04201006613406605, 0.11419519938459449, 0.8437947344813395,
      0.7053845126982412, 0.25949646034241913, 0.03511902695933973,
    ];
    expectTensor(await run('Softmax', [x]), 'float32', [3, 3], want);
    expectTensor(await run('Softmax', [x], { axis: 1 }), 'float32', [3, 3], want);
  });
  it('-inf entries get 0; a row of all -inf is NaN (as ONNX)', async () => {
    const x = F([0, -Infinity, 1, -Infinity, 2, -Infinity, -Infinity, -Infinity, -Infinity], [3, 3]);
    expectTensor(await run('Softmax', [x]), 'float32', [3, 3], [0.2689414213699951, 0, 0.7310585786300049, 0, 1, 0, NaN, NaN, NaN]);
  });
  it('non-last axes of a (2,3,2) tensor', async () => {
    const x = F([-1, -0.5, 0, 0.5, 1, -1, -0.5, 0, 0.5, 1, -1, -0.5], [2, 3, 2]);
    const axis1 = [
      0.09003057317038046, 0.23122389762214907, 0.24472847105479764, 0.6285317192117624, 0.6652409557748218, 0.14024438316608848,
      0.23122389762214907, 0.23122389762214907, 0.6285317192117624, 0.6285317192117624, 0.14024438316608848, 0.14024438316608848,
    ];
    const axis0 = [
      0.37754066879814546, 0.37754066879814546, 0.37754066879814546, 0.37754066879814546, 0.8807970779778823, 0.37754066879814546,
      0.6224593312018546, 0.6224593312018546, 0.6224593312018546, 0.6224593312018546, 0.11920292202211755, 0.6224593312018546,
    ];
    expectTensor(await run('Softmax', [x], { axis: 1 }), 'float32', [2, 3, 2], axis1);
    expectTensor(await run('Softmax', [x], { axis: -2 }), 'float32', [2, 3, 2], axis1);
    expectTensor(await run('Softmax', [x], { axis: 0 }), 'float32', [2, 3, 2], axis0);
    expectTensor(await run('Softmax', [x], { axis: -3 }), 'float32', [2, 3, 2], axis0);
  });
});

// ---- reductions ----

describe('ReduceSum / ReduceMean / ReduceMax over x (2,3,4), x[i] = (7i mod 24) - 12', () => {
  const x = F(Array.from({ length: 24 }, (_, i) => ((i * 7) % 24) - 12), [2, 3, 4]);
  const cases: [string, number[], boolean, number[], number[], number[], number[]][] = [
    // name, axes, keepdims, out shape, sum, mean, max
    ['axes [0, 2], keepdims', [0, 2], true, [1, 3, 1], [-12, -4, 4], [-1.5, -0.5, 0.5], [9, 11, 10]],
    ['axes [-1], keepdims false', [-1], false, [2, 3], [-6, -14, 2, -6, 10, 2], [-1.5, -3.5, 0.5, -1.5, 2.5, 0.5], [9, 6, 10, 7, 11, 8]],
    ['axes [] = all, keepdims', [], true, [1, 1, 1], [-12], [-0.5], [11]],
    ['axes [] = all, keepdims false (rank 0)', [], false, [], [-12], [-0.5], [11]],
    ['axes [-3, 1], keepdims false', [-3, 1], false, [4], [-12, 6, 0, -6], [-2, 1, 0, -1], [8, 11, 10, 9]],
    ['axes [1] (middle), keepdims', [1], true, [2, 1, 4], [-24, -3, 18, -9, 12, 9, -18, 3], [-8, -1, 6, -3, 4, 3, -6, 1], [-4, 3, 10, 9, 8, 11, -2, 5]],
    ['all axes listed explicitly', [2, 0, 1], false, [], [-12], [-0.5], [11]],
  ];
  it.each(cases)('%s', async (_name, axes, keepdims, shape, sum, mean, max) => {
    expectTensor(await run('ReduceSum', [x], { axes, keepdims }), 'float32', shape, sum);
    expectTensor(await run('ReduceMean', [x], { axes, keepdims }), 'float32', shape, mean);
    expectTensor(await run('ReduceMax', [x], { axes, keepdims }), 'float32', shape, max);
  });
  it('int32 ReduceSum and ReduceMax', async () => {
    const xi = I(Array.from({ length: 24 }, (_, i) => ((i * 7) % 24) - 12), [2, 3, 4]);
    expectTensor(await run('ReduceSum', [xi], { axes: [0, -1], keepdims: false }), 'int32', [3], [-12, -4, 4]);
    expectTensor(await run('ReduceMax', [xi], { axes: [1] }), 'int32', [2, 1, 4], [-4, 3, 10, 9, 8, 11, -2, 5]);
  });
  it('ReduceMax propagates NaN wherever it sits; a row of -inf stays -inf', async () => {
    const y = F([1, NaN, 3, NaN, 5, 2, -Infinity, -Infinity, -Infinity, 4, 1, NaN], [4, 3]);
    expectTensor(await run('ReduceMax', [y], { axes: [-1], keepdims: false }), 'float32', [4], [NaN, NaN, -Infinity, NaN]);
    // columns: [1, NaN, -inf, 4] -> NaN, [NaN, 5, -inf, 1] -> NaN, [3, 2, -inf, NaN] -> NaN (by hand)
    expectTensor(await run('ReduceMax', [y], { axes: [0], keepdims: false }), 'float32', [3], [NaN, NaN, NaN]);
  });
  it('a rank-0 input reduces to itself (by hand)', async () => {
    expectTensor(await run('ReduceSum', [F([2.5], [])]), 'float32', [], [2.5]);
    expectTensor(await run('ReduceMean', [F([2.5], [])], { keepdims: false }), 'float32', [], [2.5]);
  });
});

// ---- sources ----

describe('Constant', () => {
  it.each([
    ['float32 with NaN and ±inf', tensor([1.5, NaN, -Infinity, Infinity], [2, 2], 'float32')],
    ['int32 rank-0', tensor([-7], [], 'int32')],
    ['bool', tensor([1, 0, 1], [3], 'bool')],
  ])('%s', async (_name, value) => {
    ran.add('Constant');
    const b = new GraphBuilder('t_Constant');
    b.output('y', b.constant(value));
    const out = (await (await backend.compile(b.build())).run({}, {}))['y']!;
    expectTensor(out, value.dtype, value.shape, Array.from(value.data), 0);
  });
});

describe('Dropout', () => {
  const n = 100_000;
  // x = 1 + (i mod 7), so a kept value shows which input it came from.
  const x = tensor(Float32Array.from({ length: n }, (_, i) => 1 + (i % 7)), [n]);
  const graph = (ratio: number, seed = 7) => {
    const b = new GraphBuilder('t_Dropout');
    b.output('y', b.op1('Dropout', [b.input('x', { dtype: 'float32', shape: [n] })], { ratio, seed }));
    return b.build();
  };
  const runOnce = async (c: Awaited<ReturnType<typeof backend.compile>>) => (await c.run({ x }, {}))['y']!;

  it('is the identity when compiled without training', async () => {
    ran.add('Dropout');
    for (const options of [undefined, { training: false }]) {
      const c = await backend.compile(graph(0.3), options);
      expect(Array.from((await runOnce(c)).data)).toEqual(Array.from(x.data));
    }
    expectTensor(await run('Dropout', [F([1, -2, 3], [3])]), 'float32', [3], [1, -2, 3], 0);
  });

  it('in training drops ~ratio of the elements, scales the rest by 1/(1 - ratio), and draws a new pattern each run', async () => {
    const c = await backend.compile(graph(0.3), { training: true });
    const first = await runOnce(c);
    const second = await runOnce(c);
    for (const y of [first, second]) {
      expect(y.shape).toEqual([n]);
      let zeros = 0;
      let badKept = 0;
      y.data.forEach((v, i) => {
        if (v === 0) zeros++;
        else if (Math.abs(v - x.data[i]! / 0.7) > 1e-6 * v) badKept++;
      });
      expect(Math.abs(zeros / n - 0.3)).toBeLessThan(0.01);
      expect(badKept).toBe(0);
    }
    const pattern = (y: HostTensor) => Array.from(y.data, (v) => (v === 0 ? 0 : 1));
    const p1 = pattern(first);
    const p2 = pattern(second);
    expect(p1.filter((v, i) => v !== p2[i]).length).toBeGreaterThan(n / 10);
    // A fresh compile of the same graph reproduces the first pattern (and values) exactly.
    const again = await backend.compile(graph(0.3), { training: true });
    expect(Array.from((await runOnce(again)).data)).toEqual(Array.from(first.data));
    // Another seed gives another pattern.
    const other = await backend.compile(graph(0.3, 8), { training: true });
    expect(pattern(await runOnce(other)).filter((v, i) => v !== p1[i]).length).toBeGreaterThan(n / 10);
  });

  it('ratio 0 in training keeps everything', async () => {
    const c = await backend.compile(graph(0), { training: true });
    expect(Array.from((await runOnce(c)).data)).toEqual(Array.from(x.data));
  });
});
