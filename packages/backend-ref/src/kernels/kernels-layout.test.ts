/**
 * MatMul (with the engine's Transpose folding) and the layout ops, through the public path: graphs
 * from GraphBuilder, compiled by the reference backend, run on HostTensors.
 *
 * Expected values were computed with numpy 2.4 in float64 (np.matmul, np.swapaxes, np.transpose,
 * basic slicing x[a:b:c], np.take, np.concatenate, np.broadcast_to, np.triu/np.tril) and pasted here;
 * trivial ones are by hand and say so. MatMul operands are A[i] = ((7i mod 11) - 5) / 4 and
 * B[i] = ((5i mod 13) - 6) / 4 in row-major order (`va`, `vb` below; the int32 variants are 4x those),
 * so every product is exact in float32.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, tensor, type AttrsOf, type DType, type HostTensor, type Value } from '@layerspec/spec';
import { LAYOUT_OPS, kernelOpRunner, runBuilt } from '../testing/kernel-ops.js';

const { run, ran } = kernelOpRunner(LAYOUT_OPS);

const F = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'float32');
const I = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'int32');
const B = (values: readonly boolean[], shape: number[]): HostTensor => tensor(values.map(Number), shape, 'bool');
const size = (shape: readonly number[]): number => shape.reduce((a, c) => a * c, 1);
/** 0, 1, ..., n-1 over `shape`. */
const arange = (shape: number[], dtype: DType = 'float32'): HostTensor => tensor(Array.from({ length: size(shape) }, (_, i) => i), shape, dtype);
const va = (shape: number[], dtype: DType = 'float32'): HostTensor =>
  tensor(Array.from({ length: size(shape) }, (_, i) => (((i * 7) % 11) - 5) / (dtype === 'float32' ? 4 : 1)), shape, dtype);
const vb = (shape: number[], dtype: DType = 'float32'): HostTensor =>
  tensor(Array.from({ length: size(shape) }, (_, i) => (((i * 5) % 13) - 6) / (dtype === 'float32' ? 4 : 1)), shape, dtype);

/** Checks dtype, shape and values exactly (every value here is exact in float32); NaN matches NaN. */
function expectTensor(got: HostTensor, dtype: DType, shape: number[], want: readonly (number | boolean)[]): void {
  expect(got.dtype).toBe(dtype);
  expect(got.shape).toEqual(shape);
  expect(Array.from(got.data)).toEqual(want.map(Number));
}

// ---- MatMul ----

describe('MatMul (np.matmul of va(A shape), vb(B shape))', () => {
  const cases: [string, number[], number[], number[], number[]][] = [
    ['2-D', [2, 3], [3, 4], [2, 4], [2.625, 1.0625, -2.125, 2, -0.875, 0.0625, 0.1875, -0.5]],
    ['1-D on the left is promoted and the dim removed', [3], [3, 4], [4], [2.625, 1.0625, -2.125, 2]],
    ['1-D on the right is promoted and the dim removed', [2, 3], [3], [2], [1.25, -2.6875]],
    ['1-D on both sides gives rank 0', [3], [3], [], [1.25]],
    ['1-D left against a batched right', [4], [5, 4, 2], [5, 2], [1.625, 0, 1.625, 1.625, 1.625, 1.625, 0, 1.625, 0, -2.4375]],
    ['batched left against a 1-D right', [2, 3, 4], [4], [2, 3], [0, 0.8125, 2.3125, 0.375, 1.875, -2.8125]],
    ['right operand without batch dims', [2, 3, 4], [4, 5], [2, 3, 5], [
      3.25, -0.8125, -0.8125, 3.25, -0.8125, -0.25, -0.4375, 0.1875, -0.8125, -0.1875, 1.0625, 1.3125, -0.875, -1.4375, 0.4375,
      0.3125, -1.0625, 0.8125, -1.375, -0.3125, 1.625, 0.6875, -0.25, -2, 0.3125, -2.5625, 0.375, 0.0625, 2.1875, 0.25]],
    ['left operand without batch dims', [3, 4], [2, 4, 5], [2, 3, 5], [
      3.25, -0.8125, -0.8125, 3.25, -0.8125, -0.25, -0.4375, 0.1875, -0.8125, -0.1875, 1.0625, 1.3125, -0.875, -1.4375, 0.4375,
      -0.8125, 1.625, -0.8125, -0.8125, -0.8125, 0.0625, 2.3125, -0.3125, 0.3125, -0.6875, -0.4375, -1.8125, 0.875, -1.3125, 2.1875]],
    ['batch dims broadcast on both sides: (2,1,3,4) @ (5,4,2)', [2, 1, 3, 4], [5, 4, 2], [2, 5, 3, 2], [
      1.625, 0, -0.875, 2.1875, 2.8125, -1.8125, 1.625, 1.625, -0.75, -0.9375, 2.375, -1.4375, 1.625, 1.625, -0.625,
      -0.8125, 1.9375, -1.875, 0, 1.625, 1.9375, -0.6875, -0.9375, -2.3125, 0, -2.4375, 2.0625, -0.5625, -1.375, 1.3125,
      -1.0625, 2.4375, 2.625, -1.5625, -1.9375, -1.4375, -0.6875, -1.25, 2.4375, -1.75, -2, 2.5625, -0.3125, -0.875, 2.25,
      -1.9375, -2.0625, 2.5, 1.6875, -0.5, -1.1875, -2.125, -1.3125, 2.4375, 2.0625, -0.9375, -1.375, 0.9375, -1.375, 0.75]],
  ];
  it.each(cases)('%s', async (_name, sa, sb, so, want) => {
    expectTensor(await run('MatMul', [va(sa), vb(sb)]), 'float32', so, want);
  });
  it('an empty inner dim gives zeros (by hand)', async () => {
    expectTensor(await run('MatMul', [F([], [2, 0]), F([], [0, 3])]), 'float32', [2, 3], [0, 0, 0, 0, 0, 0]);
  });
  const intCases: [string, number[], number[], number[], number[]][] = [
    ['2-D', [2, 3], [3, 4], [2, 4], [42, 17, -34, 32, -14, 1, 3, -8]],
    ['batched left, 1-D right', [2, 2, 3], [3], [2, 2], [20, -43, -40, -37]],
    ['1-D left, batched right', [3], [2, 3, 2], [2, 2], [36, -15, -10, -9]],
    ['batch broadcasting', [2, 1, 2, 3], [3, 3, 2], [2, 3, 2, 2], [36, -15, -29, -27, -10, -9, -30, 24, -4, 36, 21, -29, -28, -28, -27, -29, -28, 24, -26, 24, 24, -28, 27, -27]],
  ];
  it.each(intCases)('int32 %s', async (_name, sa, sb, so, want) => {
    expectTensor(await run('MatMul', [va(sa, 'int32'), vb(sb, 'int32')]), 'int32', so, want);
  });
});

describe('Transpose folded into MatMul (results equal the unfused math)', () => {
  /** Graph inputs x0 (stored a), x1 (stored b); `ta`/`tb` put a last-two-axes Transpose before MatMul. */
  async function product(a: HostTensor, b: HostTensor, ta: boolean, tb: boolean, barrier: boolean): Promise<HostTensor> {
    ran.add('MatMul');
    ran.add('Transpose');
    const g = new GraphBuilder('fold');
    const operand = (t: HostTensor, name: string, trans: boolean): Value => {
      const v = g.input(name, { dtype: t.dtype, shape: t.shape });
      if (!trans) return v;
      const r = t.shape.length;
      const tv = g.op1('Transpose', [v], { perm: [...Array(r - 2).keys(), r - 1, r - 2] });
      // An Identity between Transpose and MatMul stops the fold: the unfused path.
      return barrier ? g.op1('Identity', [tv]) : tv;
    };
    g.output('y', g.op1('MatMul', [operand(a, 'x0', ta), operand(b, 'x1', tb)]));
    return (await runBuilt(g, [a, b]))['y']!;
  }
  const cases: [string, HostTensor, HostTensor, boolean, boolean, number[], number[]][] = [
    ['left: T(2,4,3) @ (4,5)', va([2, 4, 3]), vb([4, 5]), true, false, [2, 3, 5], [
      5.75, -1.8125, 0.375, -0.6875, -0.9375, -0.625, 0, 0.625, -1.1875, 0.25, -2.875, 2.5, -1.875, 1.0625, 0.75,
      -0.625, 0, 0.625, -1.1875, 0.25, -2.875, 2.5, -1.875, 1.0625, 0.75, 1.0625, -1.875, 2.5, -2.875, -0.125]],
    ['right: (2,3,4) @ T(2,5,4)', va([2, 3, 4]), vb([2, 5, 4]), false, true, [2, 3, 5], [
      0, 1.625, 0, 0, 0, 0.8125, -1.5625, 0.9375, 1, 1.0625, 2.3125, 0.0625, 1.875, -2.8125, 1.4375,
      1.3125, -2.5625, 1.6875, -2.1875, 1.25, -3.0625, 1.3125, -3.25, 1.125, -0.1875, 1.5, 1.0625, 1.4375, 1, -0.25]],
    ['both: T(2,4,3) @ T(5,4)', va([2, 4, 3]), vb([5, 4]), true, true, [2, 3, 5], [
      1.8125, 1.625, 2.25, -2, 2.6875, -0.5625, 0.3125, -0.4375, -0.375, -0.3125, 1.1875, -1.6875, 0.3125, -0.125, -0.5625,
      -0.5625, 0.3125, -0.4375, -0.375, -0.3125, 1.1875, -1.6875, 0.3125, -0.125, -0.5625, -1.875, 1.8125, -1, -0.5625, -0.125]],
    ['left with batch broadcasting: T(2,1,4,3) @ (5,4,2)', va([2, 1, 4, 3]), vb([5, 4, 2]), true, false, [2, 5, 3, 2], [
      3, 1.125, -0.375, -0.5625, 0.375, -1.5625, 3.4375, -1.6875, -0.25, -0.4375, -0.5, 0.8125, 3.875, -1.25, -0.125,
      -0.3125, -1.375, -0.0625, 0.25, -0.8125, -0.8125, -0.1875, 0.1875, -0.9375, 0.6875, -2.8125, -0.6875, 0.75, -0.6875, 2.25,
      -0.375, -0.5625, 0.375, -1.5625, -0.9375, 0.1875, -0.25, -0.4375, -0.5, 0.8125, -0.0625, -1.375, -0.125, -0.3125, -1.375,
      -0.0625, 0.8125, -0.5, -0.8125, -0.1875, 0.1875, -0.9375, -1.5625, 0.375, -0.6875, 0.75, -0.6875, 2.25, -0.6875, -0.375]],
    ['left 2-D against a 1-D right: T(4,3) @ (4)', va([4, 3]), vb([4]), true, false, [3], [1.8125, -0.5625, 1.1875]],
    ['1-D left against a batched right: (4) @ T(2,3,4)', va([4]), vb([2, 3, 4]), false, true, [2, 3], [0, 1.625, 0, 0, 0, 0]],
    ['int32 left: T(4,2) @ (4,3)', va([4, 2], 'int32'), vb([4, 3], 'int32'), true, false, [2, 3], [36, 26, -49, -26, -6, 53]],
  ];
  it.each(cases)('%s', async (_name, a, b, ta, tb, so, want) => {
    const fused = await product(a, b, ta, tb, false);
    const unfused = await product(a, b, ta, tb, true);
    const dtype = a.dtype;
    expectTensor(fused, dtype, so, want);
    expectTensor(unfused, dtype, so, want);
  });

  it('a folded Transpose that is also a graph output, and feeds MatMuls on both sides', async () => {
    const g = new GraphBuilder('shared');
    const x = g.input('x0', { dtype: 'float32', shape: [4, 3] });
    const w = g.input('x1', { dtype: 'float32', shape: [4, 2] });
    const v = g.input('x2', { dtype: 'float32', shape: [5, 3] });
    const t = g.op1('Transpose', [x], { perm: [1, 0] });
    g.output('t', t);
    g.output('y1', g.op1('MatMul', [t, w]));
    g.output('y2', g.op1('MatMul', [v, t]));
    const out = await runBuilt(g, [va([4, 3]), vb([4, 2]), vb([5, 3])]);
    expectTensor(out['t']!, 'float32', [3, 4], [-1.25, 1.25, 1, 0.75, 0.5, 0.25, 0, -0.25, -0.5, -0.75, -1, -1.25]);
    expectTensor(out['y1']!, 'float32', [3, 2], [3, 1.125, -0.375, -0.5625, 0.375, -1.5625]);
    expectTensor(out['y2']!, 'float32', [5, 4], [
      1.25, -2.6875, -2.5, -2.3125, 0.625, -2.3125, -2.5, -2.6875, 1.625, 0.5, 0.75, 1, 1, 0.875, 0.75, 0.625, -1.25, 0.4375, 0.75, 1.0625]);
  });

  it('transposes that do not swap the last two axes are not folded', async () => {
    const g = new GraphBuilder('nofold');
    const x = g.input('x0', { dtype: 'float32', shape: [3, 2, 4] });
    const y = g.input('x1', { dtype: 'float32', shape: [4, 3] });
    const w = g.input('x2', { dtype: 'float32', shape: [4, 2] });
    g.output('a', g.op1('MatMul', [g.op1('Transpose', [x], { perm: [1, 0, 2] }), w]));
    g.output('b', g.op1('MatMul', [g.op1('Transpose', [y]), w])); // default perm: reversed axes
    const out = await runBuilt(g, [va([3, 2, 4]), va([4, 3]), vb([4, 2])]);
    expectTensor(out['a']!, 'float32', [2, 3, 2], [1.625, 0, 2.8125, -1.8125, 2.625, -1.5625, -0.875, 2.1875, -1.0625, 2.4375, -1.9375, -1.4375]);
    expectTensor(out['b']!, 'float32', [3, 2], [3, 1.125, -0.375, -0.5625, 0.375, -1.5625]);
  });
});

// ---- Transpose ----

describe('Transpose', () => {
  it('default perm reverses the axes (np.transpose)', async () => {
    expectTensor(await run('Transpose', [arange([2, 3, 2])]), 'float32', [2, 3, 2], [0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11]);
  });
  it('rank-4 perms (np.transpose of arange(24).reshape(2,3,2,2)), int32 and bool', async () => {
    expectTensor(await run('Transpose', [arange([2, 3, 2, 2])], { perm: [3, 1, 0, 2] }), 'float32', [2, 3, 2, 2],
      [0, 2, 12, 14, 4, 6, 16, 18, 8, 10, 20, 22, 1, 3, 13, 15, 5, 7, 17, 19, 9, 11, 21, 23]);
    expectTensor(await run('Transpose', [arange([2, 3, 2, 2], 'int32')], { perm: [1, 3, 2, 0] }), 'int32', [3, 2, 2, 2],
      [0, 12, 2, 14, 1, 13, 3, 15, 4, 16, 6, 18, 5, 17, 7, 19, 8, 20, 10, 22, 9, 21, 11, 23]);
    const bits = B([true, false, false, true, true, true], [1, 2, 3, 1]);
    expectTensor(await run('Transpose', [bits], { perm: [3, 2, 0, 1] }), 'bool', [1, 3, 1, 2], [true, true, false, true, false, true]);
  });
  it('all 24 perms of a (2,3,4,5) tensor match a naive index-mapping oracle', async () => {
    const shape = [2, 3, 4, 5];
    const x = arange(shape);
    const perms: number[][] = [];
    const permute = (rest: number[], acc: number[]): void => {
      if (rest.length === 0) perms.push(acc);
      rest.forEach((p, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, p]));
    };
    permute([0, 1, 2, 3], []);
    for (const perm of perms) {
      const outShape = perm.map((p) => shape[p]!);
      // out[i0, i1, i2, i3] = x[j] where j[perm[d]] = i_d; x = arange so x[j] is j's row-major offset.
      const want: number[] = [];
      const idx = [0, 0, 0, 0];
      for (idx[0] = 0; idx[0] < outShape[0]!; idx[0]++) for (idx[1] = 0; idx[1] < outShape[1]!; idx[1]++)
        for (idx[2] = 0; idx[2] < outShape[2]!; idx[2]++) for (idx[3] = 0; idx[3] < outShape[3]!; idx[3]++) {
          const j = [0, 0, 0, 0];
          perm.forEach((p, d) => (j[p] = idx[d]!));
          want.push(((j[0]! * 3 + j[1]!) * 4 + j[2]!) * 5 + j[3]!);
        }
      expectTensor(await run('Transpose', [x], { perm }), 'float32', outShape, want);
    }
  });
});

// ---- Reshape, Unsqueeze, Squeeze (data order unchanged, by hand) ----

describe('Reshape / Unsqueeze / Squeeze', () => {
  const x = arange([2, 3, 4]);
  const flat = Array.from({ length: 24 }, (_, i) => i);
  it.each([
    [[0, -1], [2, 12]],
    [[-1, 0, 2], [4, 3, 2]],
    [[0, 0, -1], [2, 3, 4]],
    [[4, -1, 1], [4, 6, 1]],
    [[24], [24]],
  ])('Reshape to %j gives %j', async (target, shape) => {
    expectTensor(await run('Reshape', [x], { shape: target }), 'float32', shape, flat);
  });
  it('Reshape of bool and to rank 0', async () => {
    expectTensor(await run('Reshape', [B([true, false, true, true], [2, 2])], { shape: [-1] }), 'bool', [4], [true, false, true, true]);
    expectTensor(await run('Reshape', [I([42], [1, 1])], { shape: [] }), 'int32', [], [42]);
  });
  it('Unsqueeze at output positions, negative and unordered', async () => {
    const y = arange([2, 3]);
    const six = [0, 1, 2, 3, 4, 5];
    expectTensor(await run('Unsqueeze', [y], { axes: [0, -1] }), 'float32', [1, 2, 3, 1], six);
    expectTensor(await run('Unsqueeze', [y], { axes: [1] }), 'float32', [2, 1, 3], six);
    expectTensor(await run('Unsqueeze', [y], { axes: [2, 0] }), 'float32', [1, 2, 1, 3], six);
    expectTensor(await run('Unsqueeze', [I([5], [])], { axes: [0] }), 'int32', [1], [5]);
  });
  it('Squeeze chosen 1-dims, with negative axes', async () => {
    const y = arange([1, 2, 1, 3], 'int32');
    const six = [0, 1, 2, 3, 4, 5];
    expectTensor(await run('Squeeze', [y], { axes: [0, -2] }), 'int32', [2, 3], six);
    expectTensor(await run('Squeeze', [y], { axes: [2] }), 'int32', [1, 2, 3], six);
    expectTensor(await run('Squeeze', [B([true], [1, 1])], { axes: [0, 1] }), 'bool', [], [true]);
  });
});

// ---- Expand ----

describe('Expand', () => {
  it('to the output of Shape (np.broadcast_to), with a symbolic dim', async () => {
    ran.add('Expand');
    const g = new GraphBuilder('expand');
    const x = g.input('x0', { dtype: 'float32', shape: [3, 1] });
    const like = g.input('x1', { dtype: 'bool', shape: ['n', 3, 4] });
    g.output('y', g.op1('Expand', [x, g.op1('Shape', [like])]));
    const out = await runBuilt(g, [F([1, 2, 3], [3, 1]), B(Array<boolean>(24).fill(false), [2, 3, 4])]);
    expectTensor(out['y']!, 'float32', [2, 3, 4], [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
  });
  it('to a Constant shape: more dims, fewer dims (bidirectional), int32 and bool', async () => {
    ran.add('Expand');
    const g = new GraphBuilder('expand');
    const a = g.input('x0', { dtype: 'int32', shape: [1, 3] });
    const c = g.input('x1', { dtype: 'bool', shape: [3, 1] });
    g.output('more', g.op1('Expand', [a, g.ints([2, 1, 3])]));
    g.output('fewer', g.op1('Expand', [c, g.ints([1, 4])]));
    const out = await runBuilt(g, [I([1, 2, 3], [1, 3]), B([true, false, true], [3, 1])]);
    expectTensor(out['more']!, 'int32', [2, 1, 3], [1, 2, 3, 1, 2, 3]);
    expectTensor(out['fewer']!, 'bool', [3, 4], [true, true, true, true, false, false, false, false, true, true, true, true]);
  });
});

// ---- Concat ----

describe('Concat', () => {
  const p0 = tensor([1, 2, 3, 4], [2, 1, 2]);
  const p1 = tensor([10, 11, 12, 13, 14, 15, 16, 17], [2, 2, 2]);
  const p2 = tensor([100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111], [2, 3, 2]);
  const want = [1, 2, 10, 11, 12, 13, 100, 101, 102, 103, 104, 105, 3, 4, 14, 15, 16, 17, 106, 107, 108, 109, 110, 111];
  it.each([1, -2])('3 inputs on the middle axis %i (np.concatenate)', async (axis) => {
    expectTensor(await run('Concat', [p0, p1, p2], { axis }), 'float32', [2, 6, 2], want);
  });
  it('bool and int32', async () => {
    const bools = [B([true, false], [2, 1]), B([false, true, true, true], [2, 2]), B([true, false], [2, 1])];
    expectTensor(await run('Concat', bools, { axis: 1 }), 'bool', [2, 4], [true, false, true, true, false, true, true, false]);
    // by hand: rows stacked
    expectTensor(await run('Concat', [I([1, 2], [1, 2]), I([3, 4, 5, 6], [2, 2])], { axis: 0 }), 'int32', [3, 2], [1, 2, 3, 4, 5, 6]);
  });
});

// ---- Slice (x = arange(24).reshape(4, 6); numpy basic slicing) ----

describe('Slice', () => {
  const x = arange([4, 6]);
  const END = 2147483647;
  const cases: [string, Partial<AttrsOf<'Slice'>>, number[], number[]][] = [
    ['negative start to the end: x[:, -2:]', { starts: [-2], ends: [END], axes: [1] }, [4, 2], [4, 5, 10, 11, 16, 17, 22, 23]],
    ['step 2: x[:, 0:6:2]', { starts: [0], ends: [6], axes: [-1], steps: [2] }, [4, 3], [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22]],
    ['reverse: x[:, ::-1]', { starts: [-1], ends: [-END], axes: [1], steps: [-1] }, [4, 6],
      [5, 4, 3, 2, 1, 0, 11, 10, 9, 8, 7, 6, 17, 16, 15, 14, 13, 12, 23, 22, 21, 20, 19, 18]],
    ['step -2: x[:, 5::-2]', { starts: [5], ends: [-100], axes: [1], steps: [-2] }, [4, 3], [5, 3, 1, 11, 9, 7, 17, 15, 13, 23, 21, 19]],
    ['step -1 with an end: x[:, 4:1:-1]', { starts: [4], ends: [1], axes: [1], steps: [-1] }, [4, 3], [4, 3, 2, 10, 9, 8, 16, 15, 14, 22, 21, 20]],
    ['clamped end, default axes: x[1:100]', { starts: [1], ends: [100] }, [3, 6], [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]],
    ['several axes, mixed steps: x[1::2, -1:0:-2]', { starts: [1, -1], ends: [100, 0], axes: [0, 1], steps: [2, -2] }, [2, 3], [11, 9, 7, 23, 21, 19]],
    ['several axes, negative starts and ends: x[-3:-1, 1:-1:3]', { starts: [-3, 1], ends: [-1, -1], axes: [0, 1], steps: [1, 3] }, [2, 2], [7, 10, 13, 16]],
    ['axes listed out of order: x[1::2, -1:0:-2]', { starts: [-1, 1], ends: [0, 100], axes: [1, 0], steps: [-2, 2] }, [2, 3], [11, 9, 7, 23, 21, 19]],
    ['empty result: x[:, 3:3]', { starts: [3], ends: [3], axes: [1] }, [4, 0], []],
    // ONNX clamps a backward start to [0, size - 1] (numpy would give an empty slice here): x[:, 0:None:-1]
    ['backward start below the range is clamped to 0', { starts: [-100], ends: [-200], axes: [1], steps: [-1] }, [4, 1], [0, 6, 12, 18]],
  ];
  it.each(cases)('%s', async (_name, attrs, shape, want) => {
    expectTensor(await run('Slice', [x], attrs), 'float32', shape, want);
  });
  it('bool and int32 (by hand)', async () => {
    expectTensor(await run('Slice', [B([true, false, false, true], [4])], { starts: [3], ends: [0], steps: [-2] }), 'bool', [2], [true, false]);
    expectTensor(await run('Slice', [I([1, 2, 3, 4, 5], [5])], { starts: [-4], ends: [-1] }), 'int32', [3], [2, 3, 4]);
  });
});

// ---- Gather (x = arange(12).reshape(3, 4); np.take) ----

describe('Gather', () => {
  const x = arange([3, 4]);
  it('axis 0 with negative indices', async () => {
    expectTensor(await run('Gather', [x, I([2, -1, 0], [3])]), 'float32', [3, 4], [8, 9, 10, 11, 8, 9, 10, 11, 0, 1, 2, 3]);
  });
  it('2-D indices on axis 0 and axis 1', async () => {
    expectTensor(await run('Gather', [x, I([1, -3], [2, 1])]), 'float32', [2, 1, 4], [4, 5, 6, 7, 0, 1, 2, 3]);
    expectTensor(await run('Gather', [x, I([0, -1, 2, 1], [2, 2])], { axis: 1 }), 'float32', [3, 2, 2], [0, 3, 2, 1, 4, 7, 6, 5, 8, 11, 10, 9]);
    expectTensor(await run('Gather', [arange([2, 3, 4], 'int32'), I([2, 0, 1, -1], [2, 2])], { axis: -2 }), 'int32', [2, 2, 2, 4],
      [8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20, 21, 22, 23, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
  });
  it('bool data and a rank-0 index (by hand)', async () => {
    expectTensor(await run('Gather', [B([true, false, true], [3]), I([-2], [])]), 'bool', [], [false]);
  });
  it.each([[4], [-5]])('index %i out of range throws naming the node', async (bad) => {
    await expect(run('Gather', [x, I([0, bad], [2])], { axis: 1 })).rejects.toThrow(
      new RegExp(`t_Gather: node 'Gather_0' \\(Gather\\): index ${bad} is out of range for axis 1 of size 4`),
    );
  });
});

// ---- Shape (x of shape (2,3,4,5); by hand) ----

describe('Shape', () => {
  const x = B(Array<boolean>(120).fill(true), [2, 3, 4, 5]);
  it.each([
    [{}, [2, 3, 4, 5]],
    [{ start: 1 }, [3, 4, 5]],
    [{ start: -2 }, [4, 5]],
    [{ end: -1 }, [2, 3, 4]],
    [{ start: 1, end: 3 }, [3, 4]],
    [{ start: -10, end: 10 }, [2, 3, 4, 5]],
    [{ start: 3, end: 1 }, []],
  ] as [Partial<AttrsOf<'Shape'>>, number[]][])('%j gives %j', async (attrs, want) => {
    expectTensor(await run('Shape', [x], attrs), 'int32', [want.length], want);
  });
  it('of a rank-0 tensor is empty', async () => {
    expectTensor(await run('Shape', [F([1], [])]), 'int32', [0], []);
  });
});

// ---- Trilu (x = 1..12 as (3,4); np.triu / np.tril) ----

describe('Trilu', () => {
  const x = tensor(Array.from({ length: 12 }, (_, i) => i + 1), [3, 4]);
  const cases: [boolean, number, number[]][] = [
    [true, 0, [1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12]],
    [false, 0, [1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0]],
    [true, 1, [0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12]],
    [false, 1, [1, 2, 0, 0, 5, 6, 7, 0, 9, 10, 11, 12]],
    [true, -1, [1, 2, 3, 4, 5, 6, 7, 8, 0, 10, 11, 12]],
    [false, -1, [0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0]],
    [true, 2, [0, 0, 3, 4, 0, 0, 0, 8, 0, 0, 0, 0]],
    [false, -2, [0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0]],
  ];
  it.each(cases)('upper=%s, k=%i as a graph input', async (upper, k, want) => {
    expectTensor(await run('Trilu', [x, I([k], [])], { upper }), 'float32', [3, 4], want);
  });
  it('without k (k = 0)', async () => {
    expectTensor(await run('Trilu', [x, undefined], { upper: false }), 'float32', [3, 4], [1, 0, 0, 0, 5, 6, 0, 0, 9, 10, 11, 0]);
    expectTensor(await run('Trilu', [x]), 'float32', [3, 4], [1, 2, 3, 4, 0, 6, 7, 8, 0, 0, 11, 12]);
  });
  it('k from a Constant, batched input', async () => {
    ran.add('Trilu');
    const g = new GraphBuilder('trilu');
    const v = g.input('x0', { dtype: 'float32', shape: [2, 4, 3] });
    g.output('u', g.op1('Trilu', [v, g.scalar(-1, 'int32')]));
    g.output('l', g.op1('Trilu', [v, g.scalar(1, 'int32')], { upper: false }));
    const out = await runBuilt(g, [tensor(Array.from({ length: 24 }, (_, i) => i + 1), [2, 4, 3])]);
    expectTensor(out['u']!, 'float32', [2, 4, 3], [1, 2, 3, 4, 5, 6, 0, 8, 9, 0, 0, 12, 13, 14, 15, 16, 17, 18, 0, 20, 21, 0, 0, 24]);
    expectTensor(out['l']!, 'float32', [2, 4, 3], [1, 2, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });
  it('bool and int32 inputs', async () => {
    const bits = B(Array.from({ length: 18 }, (_, i) => i % 3 !== 0), [2, 3, 3]);
    expectTensor(await run('Trilu', [bits, I([1], [])]), 'bool', [2, 3, 3],
      [false, true, true, false, false, true, false, false, false, false, true, true, false, false, true, false, false, false]);
    expectTensor(await run('Trilu', [bits, I([-1], [])], { upper: false }), 'bool', [2, 3, 3],
      [false, false, false, false, false, false, false, true, false, false, false, false, false, false, false, false, true, false]);
    const xi = I(Array.from({ length: 12 }, (_, i) => i - 5), [3, 4]);
    expectTensor(await run('Trilu', [xi, I([-1], [])]), 'int32', [3, 4], [-5, -4, -3, -2, -1, 0, 1, 2, 0, 4, 5, 6]);
  });
});
