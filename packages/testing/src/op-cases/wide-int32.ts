/**
 * int32 beyond 2^24: exact and wrapping like numpy, never through float32. These pin down where runtimes
 * stray from exact int32 arithmetic (tfjs: Abs through float32 on both runtimes, Neg and FloorDiv through
 * float32 on wasm, cpu's Mul rounds products beyond 2^53, wasm has no int32 MatMul; the lowerings work
 * around each). Compared with the reference engine.
 */
import { B, END, I, size } from '../tensors.js';
import { graph, one, type OpCase } from './types.js';
import type { HostTensor } from '@layerspec/spec';

/** Int32 values spread over the whole range (Knuth's multiplicative hash of 1, 2, ...), first few fixed extremes. */
const EXTREMES = [2147483647, -2147483648, -2147483647, 16777217, -16777217, 123456789, -5, 0];
const bigInts = (shape: number[], salt = 0): HostTensor =>
  I(
    Array.from({ length: size(shape) }, (_, i) => (salt === 0 && i < EXTREMES.length ? EXTREMES[i]! : Math.imul(i + 1 + salt, 2654435761))),
    shape,
  );
/** Divisors: large ones, small ones of both signs, ±1 (never 0). */
const divisors = (n: number): HostTensor =>
  I(
    Array.from({ length: n }, (_, i) => [1, -1, 2, -3, 7, -65536, 65537, 16777217, -2147483648, 2147483647, 1000, -999][i % 12]!),
    [n],
  );
const bigA = bigInts([4, 6]);
const bigB = bigInts([4, 6], 7);
const WHOLE = 'int32 over the whole range';

export const WIDE_INT32_CASES: OpCase[] = [
  ...(['Add', 'Sub', 'Mul', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual'] as const).map((op) =>
    one(WHOLE, op, [bigA, bigB]),
  ),
  one('int32 broadcast against a large rank-0', 'Mul', [bigA, I([-1640531535], [])]),
  one(`${WHOLE} by assorted divisors`, 'Div', [bigInts([2, 12]), divisors(12)]),
  one('int32 -2^31 by -1 wraps', 'Div', [I([-2147483648, -2147483648, 2147483647], [3]), I([-1, 1, -1], [3])]),
  one('int32 large values by large values', 'Div', [bigA, bigB]),
  one(WHOLE, 'Where', [
    B(
      Array.from({ length: 24 }, (_, i) => i % 3 === 0),
      [4, 6],
    ),
    bigA,
    bigB,
  ]),
  ...(['Neg', 'Abs', 'Relu', 'Identity'] as const).map((op) => one(WHOLE, op, [bigA])),
  one(`${WHOLE} -> float32`, 'Cast', [bigA], { to: 'float32' }),
  one(`${WHOLE} -> bool`, 'Cast', [bigA], { to: 'bool' }),
  ...(['ReduceSum', 'ReduceMax'] as const).flatMap((op) => [
    one(`${WHOLE}, axes [1]`, op, [bigA], { axes: [1], keepdims: false }),
    one(`${WHOLE}, all axes`, op, [bigA]),
  ]),
  one(`${WHOLE} wraps`, 'MatMul', [bigInts([2, 3, 4]), bigInts([4, 2], 3)]),
  one(`${WHOLE}, batch broadcasting`, 'MatMul', [bigInts([2, 1, 2, 3]), bigInts([3, 3, 2], 5)]),
  one(WHOLE, 'Transpose', [bigInts([2, 3, 4])], { perm: [2, 0, 1] }),
  one(WHOLE, 'Reshape', [bigA], { shape: [3, -1] }),
  one(WHOLE, 'Concat', [bigA, bigB], { axis: 1 }),
  one(`${WHOLE}, step -2`, 'Slice', [bigA], { starts: [-1], ends: [-END], axes: [1], steps: [-2] }),
  one(WHOLE, 'Gather', [bigA, I([-1, 0, 2], [3])], { axis: 1 }),
  graph(WHOLE, 'Expand', [bigInts([1, 6])], (g, [x]) => g.output('y', g.op1('Expand', [x!, g.ints([3, 1, 6])]))),
  one(WHOLE, 'Trilu', [bigA, I([1], [])]),
  graph('int32 extremes', 'Constant', [], (g) => g.output('y', g.constant(bigInts([8])))),
];
