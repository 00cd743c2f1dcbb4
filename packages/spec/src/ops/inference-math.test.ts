/** Inference of the elementwise, unary, MatMul, Softmax and reduction ops. */
import { describe, it, expect } from 'vitest';
import { bool, expectInferError, f32, i32, infer1, ints } from '../testing/infer.js';
import { resolveAttrs } from './resolve.js';
import type { Dim } from '../types.js';

describe('numpy broadcasting (elementwise ops)', () => {
  const cases: [Dim[], Dim[], Dim[]][] = [
    [[2, 3], [3], [2, 3]],
    [
      [2, 1, 4],
      [3, 1],
      [2, 3, 4],
    ],
    [[], [2, 3], [2, 3]],
    [[1], [1], [1]],
    [
      ['batch', 'seq', 8],
      ['batch', 1, 8],
      ['batch', 'seq', 8],
    ],
    [
      ['batch', 1, 8],
      [5, 1],
      ['batch', 5, 8],
    ],
    [
      [1, 'seq'],
      ['batch', 1],
      ['batch', 'seq'],
    ],
    [['seq'], [1], ['seq']],
    [['batch'], [4], [4]],
    [[4], ['batch'], [4]],
    [['a'], ['b'], ['a']],
    [
      [0, 3],
      [1, 3],
      [0, 3],
    ],
  ];
  it.each(cases)('%j with %j gives %j', (a, b, out) => {
    expect(infer1('Add', [f32(...a), f32(...b)])).toEqual(f32(...out));
    expect(infer1('Mul', [f32(...b), f32(...a)]).shape).toHaveLength(out.length);
  });

  it('rejects sizes that do not broadcast, naming both shapes', () => {
    expectInferError('Add', [f32(2, 3), f32(4, 3)], {}, 'cannot broadcast [2, 3] with [4, 3]');
    expectInferError('Mul', [f32('b', 3), f32(2)], {}, 'cannot broadcast [b, 3] with [2]');
  });

  it('comparisons give bool', () => {
    for (const op of ['Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'Equal'] as const) {
      expect(infer1(op, [f32('b', 3), f32(3)])).toEqual(bool('b', 3));
      expect(infer1(op, [i32(2), i32()])).toEqual(bool(2));
    }
    expect(infer1('Equal', [bool(2), bool(2)])).toEqual(bool(2));
  });

  it('keeps the dtype of arithmetic', () => {
    expect(infer1('Add', [i32(2), i32(2)]).dtype).toBe('int32');
    expect(infer1('Div', [f32(2), f32(2)]).dtype).toBe('float32');
  });

  it('rejects mixed dtypes, naming both', () => {
    expectInferError('Add', [f32(2), i32(2)], {}, 'inputs must share a dtype', 'float32 and int32');
    expectInferError('Less', [i32(2), f32(2)], {}, 'int32 and float32');
    expectInferError('Equal', [bool(2), f32(2)], {}, 'bool and float32');
  });

  it('rejects dtypes an op does not take, naming the input and its type', () => {
    expectInferError('Add', [bool(2), bool(2)], {}, "input 'A' must be float32 or int32, got bool[2]");
    expectInferError('Pow', [i32(2), i32(2)], {}, "input 'A' must be float32, got int32[2]");
    expectInferError('Less', [bool(2), bool(2)], {}, "input 'A' must be float32 or int32, got bool[2]");
    expectInferError('And', [bool(2), f32(2)], {}, "input 'B' must be bool, got float32[2]");
    expectInferError('Or', [i32(2), i32(2)], {}, "input 'A' must be bool, got int32[2]");
  });

  it('Where broadcasts all three and takes the dtype of X', () => {
    expect(infer1('Where', [bool('b', 1, 1), i32(1, 5, 1), i32('t')])).toEqual(i32('b', 5, 't'));
    expect(infer1('Where', [bool(), bool(2), bool(2)])).toEqual(bool(2));
  });

  it('Where rejects a non-bool condition, mixed branches and non-broadcasting shapes', () => {
    expectInferError('Where', [f32(2), f32(2), f32(2)], {}, "input 'condition' must be bool, got float32[2]");
    expectInferError('Where', [bool(2), f32(2), i32(2)], {}, 'float32 and int32');
    expectInferError('Where', [bool(3), f32(2), f32(2)], {}, 'cannot broadcast [3] with [2]');
  });
});

describe('unary ops and Cast', () => {
  it('checks dtypes', () => {
    expectInferError('Tanh', [i32(2)], {}, "input 'X' must be float32, got int32[2]");
    expectInferError('Exp', [bool(2)], {}, "input 'X' must be float32, got bool[2]");
    expectInferError('Not', [f32(2)], {}, "input 'X' must be bool, got float32[2]");
    expectInferError('Neg', [bool(2)], {}, "input 'X' must be float32 or int32, got bool[2]");
    expect(infer1('Identity', [i32('n')])).toEqual(i32('n'));
  });

  it('Identity passes a known value through', () => {
    expect(infer1('Identity', [ints(2, 3)]).value).toEqual([2, 3]);
  });

  it('Neg and Abs do not claim the input value as theirs', () => {
    // Neg of the constant [2, -3] is [-2, 3]: it must not claim [2, -3], or Expand would build a wrong shape.
    const negated = infer1('Neg', [ints(2, -3)]);
    expect(negated.value === undefined || (negated.value[0] === -2 && negated.value[1] === 3)).toBe(true);
    const abs = infer1('Abs', [ints(2, -3)]);
    expect(abs.value === undefined || (abs.value[0] === 2 && abs.value[1] === 3)).toBe(true);
    expectInferError('Expand', [f32(1), infer1('Neg', [ints(-2)])], {}, 'shape must be known');
  });

  it('Cast changes only the dtype', () => {
    expect(infer1('Cast', [f32('b', 3)], { to: 'bool' })).toEqual(bool('b', 3));
    expect(infer1('Cast', [bool(2)], { to: 'float32' })).toEqual(f32(2));
    expect(infer1('Cast', [i32(4)], { to: 'int32' })).toEqual(i32(4));
  });
});

describe('MatMul', () => {
  const cases: [Dim[], Dim[], Dim[]][] = [
    [
      [2, 3],
      [3, 4],
      [2, 4],
    ],
    [
      [5, 1, 2, 3],
      [4, 3, 6],
      [5, 4, 2, 6],
    ],
    [
      [1, 2, 3],
      [7, 3, 4],
      [7, 2, 4],
    ],
    [
      ['batch', 'seq', 8],
      [8, 16],
      ['batch', 'seq', 16],
    ],
    [
      ['b', 'h', 't', 4],
      ['b', 'h', 4, 's'],
      ['b', 'h', 't', 's'],
    ],
    [
      ['b', 't', 'd'],
      [8, 4],
      ['b', 't', 4],
    ],
    [[3], [3], []],
    [[3], [3, 4], [4]],
    [[2, 3], [3], [2]],
    [[3], [2, 3, 4], [2, 4]],
    [[2, 5, 3], [3], [2, 5]],
  ];
  it.each(cases)('%j @ %j gives %j', (a, b, out) => {
    expect(infer1('MatMul', [f32(...a), f32(...b)])).toEqual(f32(...out));
  });

  it('multiplies int32', () => {
    expect(infer1('MatMul', [i32(2, 3), i32(3, 1)])).toEqual(i32(2, 1));
  });

  it('rejects differing inner dims, naming both shapes and sizes', () => {
    expectInferError('MatMul', [f32(2, 3), f32(4, 5)], {}, 'inner dims differ', 'A [2, 3]', 'B [4, 5]', '(3 vs 4)');
    expectInferError('MatMul', [f32(3), f32(4)], {}, '(3 vs 4)');
    expectInferError('MatMul', [f32('b', 't', 8), f32(6, 2)], {}, 'A [b, t, 8]', '(8 vs 6)');
  });

  it('rejects batch dims that do not broadcast', () => {
    expectInferError('MatMul', [f32(2, 2, 3), f32(3, 3, 4)], {}, 'cannot broadcast [2] with [3]');
  });

  it('rejects scalars, naming the shapes', () => {
    expectInferError('MatMul', [f32(), f32(3)], {}, 'rank >= 1', 'A []', 'B [3]');
  });

  it('rejects mixed and bool dtypes', () => {
    expectInferError('MatMul', [f32(2, 3), i32(3, 4)], {}, 'float32 and int32');
    expectInferError('MatMul', [bool(2, 3), bool(3, 4)], {}, "input 'A' must be float32 or int32, got bool[2, 3]");
  });
});

describe('Softmax', () => {
  it('keeps the shape for any valid axis', () => {
    expect(infer1('Softmax', [f32('b', 5, 7)], { axis: 1 })).toEqual(f32('b', 5, 7));
    expect(infer1('Softmax', [f32(4)], { axis: -1 })).toEqual(f32(4));
    expect(resolveAttrs('Softmax', {}, 'w').axis).toBe(-1);
  });

  it('rejects an axis out of range, naming axis and rank', () => {
    expectInferError('Softmax', [f32(2, 3)], { axis: 2 }, 'axis 2 is out of range for rank 2');
    expectInferError('Softmax', [f32(2, 3)], { axis: -3 }, 'axis -3 is out of range for rank 2');
    expectInferError('Softmax', [f32()], {}, 'axis -1 is out of range for rank 0');
  });

  it('rejects int32', () => {
    expectInferError('Softmax', [i32(2, 3)], {}, "input 'input' must be float32, got int32[2, 3]");
  });
});

describe('ReduceSum / ReduceMean / ReduceMax', () => {
  const x = f32(2, 'seq', 4);
  it.each(['ReduceSum', 'ReduceMean', 'ReduceMax'] as const)('%s reduces axes with and without keepdims', (op) => {
    expect(infer1(op, [x], { axes: [1] })).toEqual(f32(2, 1, 4));
    expect(infer1(op, [x], { axes: [1], keepdims: false })).toEqual(f32(2, 4));
    expect(infer1(op, [x], { axes: [-1, 0], keepdims: false })).toEqual(f32('seq'));
    expect(infer1(op, [x], { axes: [-1, 0] })).toEqual(f32(1, 'seq', 1));
  });

  it.each(['ReduceSum', 'ReduceMean', 'ReduceMax'] as const)('%s with axes [] reduces every axis', (op) => {
    expect(infer1(op, [x], { axes: [] })).toEqual(f32(1, 1, 1));
    expect(infer1(op, [x], { axes: [], keepdims: false })).toEqual(f32());
    expect(infer1(op, [x])).toEqual(f32(1, 1, 1));
  });

  it('reduces int32 with Sum and Max, not Mean', () => {
    expect(infer1('ReduceSum', [i32(3)], { keepdims: false })).toEqual(i32());
    expect(infer1('ReduceMax', [i32(3, 2)], { axes: [0] })).toEqual(i32(1, 2));
    expectInferError('ReduceMean', [i32(3)], {}, "input 'data' must be float32, got int32[3]");
    expectInferError('ReduceSum', [bool(3)], {}, "input 'data' must be float32 or int32, got bool[3]");
  });

  it('rejects axes out of range or repeated', () => {
    expectInferError('ReduceSum', [x], { axes: [3] }, 'axis 3 is out of range for rank 3');
    expectInferError('ReduceMean', [x], { axes: [1, -2] }, 'axes [1, -2] repeat an axis');
  });
});
