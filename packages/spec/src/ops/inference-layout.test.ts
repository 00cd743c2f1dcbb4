/** Inference of the layout ops, the known values they carry (ValueInfo.value), Trilu and Dropout. */
import { describe, it, expect } from 'vitest';
import { tensor } from '../tensor.js';
import type { Dim, HostTensor } from '../types.js';
import { resolveAttrs } from './resolve.js';
import { INT_MAX, INT_MIN, bool, constant, expectInferError, f32, i32, infer1, ints, shapeOf } from '../testing/infer.js';

describe('Transpose', () => {
  it('reverses the axes by default', () => {
    expect(infer1('Transpose', [f32('b', 't', 8)])).toEqual(f32(8, 't', 'b'));
    expect(infer1('Transpose', [i32(2, 3)])).toEqual(i32(3, 2));
    expect(infer1('Transpose', [f32()])).toEqual(f32());
  });

  it('applies a permutation', () => {
    expect(infer1('Transpose', [f32('b', 't', 'h', 4)], { perm: [0, 2, 1, 3] })).toEqual(f32('b', 'h', 't', 4));
  });

  it('rejects a non-permutation, naming the perm and rank', () => {
    expectInferError('Transpose', [f32(2, 3, 4)], { perm: [0, 0, 1] }, 'perm [0, 0, 1] is not a permutation of rank 3');
    expectInferError('Transpose', [f32(2, 3, 4)], { perm: [1, 0] }, 'perm [1, 0]', 'rank 3');
    expectInferError('Transpose', [f32(2, 3)], { perm: [0, 2] }, 'perm [0, 2]');
  });
});

describe('Reshape', () => {
  const cases: [Dim[], number[], Dim[]][] = [
    [
      [2, 3, 4],
      [6, -1],
      [6, 4],
    ],
    [
      [2, 3, 4],
      [0, -1],
      [2, 12],
    ],
    [[2, 3, 4], [-1], [24]],
    [
      [2, 3, 4],
      [4, 0, 2],
      [4, 3, 2],
    ],
    [[6], [1, 2, 1, 3], [1, 2, 1, 3]],
    [
      [0, 3],
      [-1, 3],
      [0, 3],
    ],
    [
      ['b', 't', 8],
      [0, 0, 2, 4],
      ['b', 't', 2, 4],
    ],
    [
      ['b', 't', 2, 4],
      [0, 0, -1],
      ['b', 't', 8],
    ],
    [
      ['b', 't', 8],
      [0, -1, 4],
      ['b', '2*t', 4],
    ],
    [
      ['b', '2*t', 4],
      [0, -1, 8],
      ['b', 't', 8],
    ],
    [
      ['b', 't', 8],
      [-1, 8],
      ['b*t', 8],
    ],
    [
      ['b*t', 8],
      [0, 2, 4],
      ['b*t', 2, 4],
    ],
    [
      ['b', 2, 2, 'tk', 8],
      [0, 4, -1, 8],
      ['b', 4, 'tk', 8],
    ],
  ];
  it.each(cases)('%j by %j gives %j', (input, shape, out) => {
    expect(infer1('Reshape', [f32(...input)], { shape })).toEqual(f32(...out));
  });

  it('keeps the dtype', () => {
    expect(infer1('Reshape', [bool(2, 2)], { shape: [4] })).toEqual(bool(4));
  });

  it('rejects a size mismatch, naming both shapes', () => {
    expectInferError('Reshape', [f32(2, 3)], { shape: [4] }, 'cannot reshape [2, 3] to [4]');
    expectInferError('Reshape', [f32(2, 3)], { shape: [4, -1] }, 'cannot reshape [2, 3] to [4, -1]');
  });

  it('rejects a symbolic size mismatch that no binding can satisfy', () => {
    // b*8 elements can never fill b*3: the same symbols, different numbers.
    expectInferError('Reshape', [f32('b', 8)], { shape: [0, 3] }, 'cannot reshape [b, 8] to [0, 3]');
    expectInferError('Reshape', [f32('b', 't', 8)], { shape: [0, 0, 2, 2] }, 'cannot reshape [b, t, 8] to [0, 0, 2, 2]');
    expectInferError('Reshape', [f32('b', 8)], { shape: [0, 3, -1] }, 'cannot reshape [b, 8] to [0, 3, -1]');
  });

  it('accepts a symbolic reshape that a binding can satisfy', () => {
    // t may be 5 at run time.
    expect(infer1('Reshape', [f32('b', 't')], { shape: [0, 5] })).toEqual(f32('b', 5));
  });

  it('rejects two -1, a 0 past the input rank and invalid dims', () => {
    expectInferError('Reshape', [f32(2, 3)], { shape: [-1, -1] }, 'shape [-1, -1] has more than one -1');
    expectInferError('Reshape', [f32(6)], { shape: [0, 0] }, 'shape [0, 0] copies dim 1 of a rank-1 input');
    expectInferError('Reshape', [f32(6)], { shape: [-2, -3] }, 'shape [-2, -3] has invalid dim -2');
  });
});

describe('Unsqueeze and Squeeze', () => {
  it('Unsqueeze inserts 1s at output positions', () => {
    expect(infer1('Unsqueeze', [f32(2, 3)], { axes: [0] })).toEqual(f32(1, 2, 3));
    expect(infer1('Unsqueeze', [f32(2, 3)], { axes: [-1] })).toEqual(f32(2, 3, 1));
    expect(infer1('Unsqueeze', [f32(2, 3)], { axes: [0, 3] })).toEqual(f32(1, 2, 3, 1));
    expect(infer1('Unsqueeze', [f32('b', 't')], { axes: [1, 2] })).toEqual(f32('b', 1, 1, 't'));
    expect(infer1('Unsqueeze', [i32()], { axes: [0] })).toEqual(i32(1));
  });

  it('Unsqueeze rejects axes out of range of the output rank, or repeated', () => {
    expectInferError('Unsqueeze', [f32(2, 3)], { axes: [3] }, 'axis 3 is out of range for rank 3');
    expectInferError('Unsqueeze', [f32(2, 3)], { axes: [0, -4] }, 'axes [0, -4] repeat an axis');
  });

  it('Squeeze removes size-1 (or symbolic) dims', () => {
    expect(infer1('Squeeze', [f32(1, 3, 1)], { axes: [0, -1] })).toEqual(f32(3));
    expect(infer1('Squeeze', [f32('b', 1, 't')], { axes: [1] })).toEqual(f32('b', 't'));
    expect(infer1('Squeeze', [f32('b', 3)], { axes: [0] })).toEqual(f32(3));
  });

  it('Squeeze rejects a dim that is not 1, naming axis and size', () => {
    expectInferError('Squeeze', [f32(1, 3)], { axes: [1] }, 'cannot squeeze axis 1 of size 3');
    expectInferError('Squeeze', [f32(1, 3)], { axes: [2] }, 'axis 2 is out of range for rank 2');
  });
});

describe('known values (ValueInfo.value): Constant, Shape, Gather, Slice, Concat, Expand', () => {
  it('Constant carries the contents of int32 tensors of rank <= 1 only', () => {
    expect(constant(tensor([2, 1, 4], [3], 'int32'))).toEqual({ dtype: 'int32', shape: [3], value: [2, 1, 4] });
    expect(constant(tensor([7], [], 'int32'))).toEqual({ dtype: 'int32', shape: [], value: [7] });
    expect(constant(tensor([1, 2, 3, 4], [2, 2], 'int32'))).toEqual(i32(2, 2));
    expect(constant(tensor([1, 2], [2]))).toEqual(f32(2));
    expect(constant(tensor([1, 0], [2], 'bool'))).toEqual(bool(2));
  });

  it('Constant rejects a tensor whose data does not fill its shape', () => {
    const bad: HostTensor = { dtype: 'float32', shape: [2, 2], data: new Float32Array(3) };
    expectInferError('Constant', [], { value: bad }, "attribute 'value'", '3 values do not fill shape [2, 2]');
    const wrongArray: HostTensor = { dtype: 'int32', shape: [2], data: new Float32Array(2) };
    expectInferError('Constant', [], { value: wrongArray }, 'dtype int32 needs a Int32Array, got Float32Array');
  });

  it('Shape gives dims start..end with ONNX clamping', () => {
    const x = f32('b', 't', 8);
    expect(shapeOf(x)).toEqual({ dtype: 'int32', shape: [3], value: ['b', 't', 8] });
    expect(shapeOf(x, { start: 1 }).value).toEqual(['t', 8]);
    expect(shapeOf(x, { end: -1 })).toEqual({ dtype: 'int32', shape: [2], value: ['b', 't'] });
    expect(shapeOf(x, { start: -2 }).value).toEqual(['t', 8]);
    expect(shapeOf(x, { start: -10, end: 10 }).value).toEqual(['b', 't', 8]);
    expect(shapeOf(x, { start: 2, end: 1 })).toEqual({ dtype: 'int32', shape: [0], value: [] });
    expect(shapeOf(bool())).toEqual({ dtype: 'int32', shape: [0], value: [] });
  });

  it('Expand broadcasts to a Constant shape', () => {
    expect(infer1('Expand', [f32(3, 1), ints(2, 1, 4)])).toEqual(f32(2, 3, 4));
    expect(infer1('Expand', [i32(3), ints(1)])).toEqual(i32(3));
  });

  it('Expand broadcasts to a Shape (symbolic dims included)', () => {
    const scores = f32('b', 'tq', 'tk');
    expect(infer1('Expand', [bool(), shapeOf(scores, { start: -2 })])).toEqual(bool('tq', 'tk'));
    expect(infer1('Expand', [f32(1, 'tk'), shapeOf(scores)])).toEqual(f32('b', 'tq', 'tk'));
  });

  it('Expand rejects a shape that is not known when the graph is built', () => {
    expectInferError('Expand', [f32(3), i32(2)], {}, 'shape must be known when the graph is built');
    expectInferError('Expand', [f32(3), infer1('Add', [ints(2, 3), ints(1, 1)])], {}, 'shape must be known');
  });

  it('Expand rejects a shape that is not 1-D, or does not broadcast', () => {
    expectInferError('Expand', [f32(3), constant(tensor([1, 2, 3, 4], [2, 2], 'int32'))], {}, 'shape must be 1-D, got [2, 2]');
    expectInferError('Expand', [f32(3), ints(4)], {}, 'cannot broadcast [3] with [4]');
    expectInferError('Expand', [f32(3), f32(1)], {}, "input 'shape' must be int32, got float32[1]");
  });

  it('Gather: output shape is data[:axis] + indices + data[axis+1:]', () => {
    expect(infer1('Gather', [f32(5, 4), i32(2, 3)], { axis: 1 })).toEqual(f32(5, 2, 3));
    expect(infer1('Gather', [f32('b', 't', 8), i32()], { axis: 1 })).toEqual(f32('b', 8));
    expect(infer1('Gather', [f32(5, 4), i32('n')], { axis: -1 })).toEqual(f32(5, 'n'));
  });

  it('Gather picks known values (negative indices count from the end)', () => {
    const s = shapeOf(f32('b', 't', 8));
    expect(infer1('Gather', [s, constant(tensor([1], [], 'int32'))])).toEqual({ dtype: 'int32', shape: [], value: ['t'] });
    expect(infer1('Gather', [s, ints(2, 0)])).toEqual({ dtype: 'int32', shape: [2], value: [8, 'b'] });
    expect(infer1('Gather', [s, ints(-1)]).value).toEqual([8]);
    expect(infer1('Gather', [s, i32(1)]).value).toBeUndefined();
  });

  it('Gather rejects an out-of-range known index, bad indices and a bad axis', () => {
    expectInferError('Gather', [shapeOf(f32('b', 't', 8)), ints(3)], {}, 'index 3 is out of range for 3 entries');
    expectInferError('Gather', [shapeOf(f32('b', 't', 8)), ints(-4)], {}, 'index -4 is out of range for 3 entries');
    expectInferError('Gather', [f32(5), f32(1)], {}, "input 'indices' must be int32, got float32[1]");
    expectInferError('Gather', [f32(5), i32(1)], { axis: 1 }, 'axis 1 is out of range for rank 1');
  });

  it('Concat joins numeric sizes along the axis', () => {
    expect(infer1('Concat', [f32(2, 3), f32(2, 5), f32(2, 1)], { axis: -1 })).toEqual(f32(2, 9));
    expect(infer1('Concat', [i32(1, 4), i32(2, 4)], { axis: 0 })).toEqual(i32(3, 4));
    expect(infer1('Concat', [f32(4)], { axis: 0 })).toEqual(f32(4));
  });

  it('Concat sums symbolic sizes as an expression without a spurious 0 term', () => {
    expect(infer1('Concat', [f32('b', 't', 8), f32('b', 'u', 8)], { axis: 1 })).toEqual(f32('b', 't+u', 8));
    expect(infer1('Concat', [f32('b', 't'), f32('b', 2), f32('b', 3)], { axis: 1 })).toEqual(f32('b', 't+5'));
    expect(infer1('Concat', [f32(2), f32('t')], { axis: 0 })).toEqual(f32('t+2'));
    expect(infer1('Concat', [f32('b', 't'), f32('b', 0)], { axis: 1 })).toEqual(f32('b', 't'));
  });

  it('Concat accepts symbolic dims off the axis where a binding can match', () => {
    expect(infer1('Concat', [f32('b', 3), f32(2, 5)], { axis: 1 })).toEqual(f32('b', 8));
  });

  it('Concat joins known values', () => {
    const x = f32('b', 't', 8);
    const joined = infer1('Concat', [shapeOf(x, { end: 2 }), ints(2, 4)], { axis: 0 });
    expect(joined).toEqual({ dtype: 'int32', shape: [4], value: ['b', 't', 2, 4] });
    expect(infer1('Expand', [f32(), joined])).toEqual(f32('b', 't', 2, 4));
    expect(infer1('Concat', [ints(1), i32(2)], { axis: 0 }).value).toBeUndefined();
  });

  it('Concat rejects mismatched dtypes, ranks and off-axis dims, naming the inputs', () => {
    expectInferError('Concat', [f32(2, 3), i32(2, 3)], { axis: 0 }, 'input 1 is int32, input 0 is float32');
    expectInferError('Concat', [f32(2, 3), f32(2)], { axis: 0 }, 'input 1 has rank 1, input 0 has rank 2');
    expectInferError('Concat', [f32(2, 3), f32(3, 4), f32(2, 4)], { axis: 1 }, 'input 1 [3, 4] does not match input 0 [2, 3] off axis 1');
    expectInferError('Concat', [f32(2, 3)], { axis: 2 }, 'axis 2 is out of range for rank 2');
    expectInferError('Concat', [], { axis: 0 }, 'required');
  });

  it('Slice follows ONNX clamping on static dims', () => {
    const slice = (size: number, starts: number, ends: number, steps?: number): Dim =>
      infer1('Slice', [f32(size)], { starts: [starts], ends: [ends], ...(steps === undefined ? {} : { steps: [steps] }) }).shape[0]!;
    expect(slice(10, 2, 7)).toBe(5);
    expect(slice(10, 2, 7, 2)).toBe(3);
    expect(slice(10, -3, INT_MAX)).toBe(3);
    expect(slice(10, 0, -1)).toBe(9);
    expect(slice(10, -100, 100)).toBe(10);
    expect(slice(10, 12, 20)).toBe(0);
    expect(slice(10, 7, 2)).toBe(0);
    expect(slice(10, -1, INT_MIN, -1)).toBe(10);
    expect(slice(10, 7, 2, -2)).toBe(3);
    expect(slice(10, 100, 0, -1)).toBe(9);
    expect(slice(10, 2, 7, -1)).toBe(0);
    expect(slice(0, 0, INT_MAX)).toBe(0);
    expect(slice(0, -1, INT_MIN, -1)).toBe(0);
  });

  it('Slice clamps a negative-step start into [0, size - 1] as ONNX does', () => {
    // ONNX Slice-13 and onnxruntime: start -10 on size 5 is -5, clamped to 0; end clamps to -1; one element.
    expect(infer1('Slice', [f32(5)], { starts: [-10], ends: [-100], steps: [-1] })).toEqual(f32(1));
    expect(infer1('Slice', [f32(5)], { starts: [-10], ends: [INT_MIN], steps: [-2] })).toEqual(f32(1));
  });

  it('Slice takes axes (negative too) and leaves other axes alone', () => {
    expect(infer1('Slice', [f32(2, 10, 4)], { starts: [1], ends: [-1], axes: [1] })).toEqual(f32(2, 8, 4));
    expect(infer1('Slice', [f32(2, 10, 4)], { starts: [0, 1], ends: [INT_MAX, 3], axes: [-1, 0], steps: [2, 1] })).toEqual(f32(1, 10, 2));
    expect(infer1('Slice', [i32(6, 6)], { starts: [0, 0], ends: [3, 6], steps: [1, 3] })).toEqual(i32(3, 2));
  });

  it('Slice on symbolic dims', () => {
    const x = f32('b', 't', 8);
    expect(infer1('Slice', [x], { starts: [1], ends: [INT_MAX], axes: [1] })).toEqual(f32('b', 't-1', 8));
    expect(infer1('Slice', [x], { starts: [0], ends: [INT_MAX], axes: [1] })).toEqual(f32('b', 't', 8));
    const reversed = infer1('Slice', [x], { starts: [-1], ends: [INT_MIN], axes: [1], steps: [-1] });
    expect(typeof reversed.shape[1]).toBe('string');
    expect(reversed.shape[1]).not.toBe('t-1');
    expect([reversed.shape[0], reversed.shape[2]]).toEqual(['b', 8]);
  });

  it('Slice picks known values', () => {
    const s = shapeOf(f32('b', 't', 2, 4));
    expect(infer1('Slice', [s], { starts: [1], ends: [3] })).toEqual({ dtype: 'int32', shape: [2], value: ['t', 2] });
    expect(infer1('Slice', [s], { starts: [-1], ends: [INT_MIN], steps: [-2] })).toEqual({ dtype: 'int32', shape: [2], value: [4, 't'] });
    expect(infer1('Slice', [s], { starts: [-10], ends: [INT_MIN], steps: [-1] })).toEqual({ dtype: 'int32', shape: [1], value: ['b'] });
    expect(infer1('Slice', [s], { starts: [5], ends: [9] })).toEqual({ dtype: 'int32', shape: [0], value: [] });
  });

  it('Slice with no starts is the identity, value included', () => {
    const s = shapeOf(f32('b', 't', 8));
    expect(infer1('Slice', [s], { starts: [], ends: [] })).toEqual(s);
  });

  it('Slice rejects inconsistent starts, ends, axes and steps, naming them', () => {
    expectInferError('Slice', [f32(4, 4)], { starts: [0, 1], ends: [2] }, 'starts [0, 1]', 'ends [2]');
    expectInferError('Slice', [f32(4, 4)], { starts: [0], ends: [2], axes: [0, 1] }, 'axes [0, 1]', 'starts [0]');
    expectInferError('Slice', [f32(4, 4)], { starts: [0], ends: [2], steps: [0] }, 'steps [0]');
    expectInferError('Slice', [f32(4, 4)], { starts: [0], ends: [2], steps: [1, 1] }, 'steps [1, 1]');
    expectInferError('Slice', [f32(4, 4)], { starts: [0], ends: [2], axes: [2] }, 'axis 2 is out of range for rank 2');
  });
});

describe('Trilu', () => {
  it('keeps type and shape, with or without k', () => {
    expect(infer1('Trilu', [f32('b', 't', 't')])).toEqual(f32('b', 't', 't'));
    expect(infer1('Trilu', [bool(3, 4), i32()], { upper: false })).toEqual(bool(3, 4));
    expect(resolveAttrs('Trilu', {}, 'w').upper).toBe(true);
  });

  it('rejects rank < 2, a non-scalar k and a float k', () => {
    expectInferError('Trilu', [f32(4)], {}, 'input must have rank >= 2, got [4]');
    expectInferError('Trilu', [f32(3, 3), i32(1)], {}, 'k must be a scalar, got [1]');
    expectInferError('Trilu', [f32(3, 3), f32()], {}, "input 'k' must be int32, got float32[]");
  });
});

describe('Dropout', () => {
  it('keeps the shape for a ratio in [0, 1)', () => {
    expect(infer1('Dropout', [f32(2, 3)], { ratio: 0 })).toEqual(f32(2, 3));
    expect(infer1('Dropout', [f32(2, 3)], { ratio: 0.999 })).toEqual(f32(2, 3));
    expect(resolveAttrs('Dropout', {}, 'w')).toEqual({ ratio: 0.5, seed: 0 });
  });

  it('rejects a ratio outside [0, 1), naming it', () => {
    expectInferError('Dropout', [f32(2)], { ratio: 1 }, 'ratio must be in [0, 1), got 1');
    expectInferError('Dropout', [f32(2)], { ratio: -0.1 }, 'got -0.1');
    expectInferError('Dropout', [f32(2)], { ratio: Number.NaN }, 'got NaN');
    expectInferError('Dropout', [f32(2)], { ratio: Number.POSITIVE_INFINITY }, 'got Infinity');
  });

  it('rejects int32 data and a fractional seed', () => {
    expectInferError('Dropout', [i32(2)], {}, "input 'data' must be float32, got int32[2]");
    expectInferError('Dropout', [f32(2)], { seed: 0.5 }, "attribute 'seed' must be int, got 0.5");
  });
});
