import { describe, it, expect } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import type { Graph } from '../graph/types.js';
import { tensor } from '../tensor.js';
import { errorOf } from '../testing/helpers.js';
import type { DType, Dim, HostTensor } from '../types.js';
import type { ValueInfo } from './define.js';
import { inferNode, resolveAttrs } from './resolve.js';
import { OPS, OP_NAMES, type AttrsOf, type OpName } from './table.js';

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

const where = (op: OpName): string => `test: node 'n1' (${op})`;

/** Shape and dtype inference of one node, exactly as the builder and verifier run it. */
function infer<K extends OpName>(op: K, inputs: readonly (ValueInfo | undefined)[], attrs: Partial<AttrsOf<K>> = {}): ValueInfo[] {
  return inferNode(op, inputs, resolveAttrs(op, attrs, where(op)), where(op));
}

function infer1<K extends OpName>(op: K, inputs: readonly (ValueInfo | undefined)[], attrs: Partial<AttrsOf<K>> = {}): ValueInfo {
  const out = infer(op, inputs, attrs);
  expect(out).toHaveLength(1);
  return out[0]!;
}

/** Asserts that inferring `op` fails with a message naming the node and op, and containing every fragment. */
function expectInferError<K extends OpName>(
  op: K,
  inputs: readonly (ValueInfo | undefined)[],
  attrs: Partial<AttrsOf<K>>,
  ...fragments: string[]
): void {
  const message = errorOf(() => infer(op, inputs, attrs));
  expect(message.startsWith(`${where(op)}: `)).toBe(true);
  for (const f of fragments) expect(message).toContain(f);
}

const t = (dtype: DType, ...shape: Dim[]): ValueInfo => ({ dtype, shape });
const f32 = (...shape: Dim[]): ValueInfo => t('float32', ...shape);
const i32 = (...shape: Dim[]): ValueInfo => t('int32', ...shape);
const bool = (...shape: Dim[]): ValueInfo => t('bool', ...shape);

/** The ValueInfo of a Constant node holding `value` (int32 rank <= 1 constants carry their contents). */
const constant = (value: HostTensor): ValueInfo => infer1('Constant', [], { value });
const ints = (...values: number[]): ValueInfo => constant(tensor(values, [values.length], 'int32'));
const shapeOf = (x: ValueInfo, attrs: Partial<AttrsOf<'Shape'>> = {}): ValueInfo => infer1('Shape', [x], attrs);

/** A Scan body: running sum `sum + x @ w` over state sum (b, 4), slice x (b, 4), capture w (4, 4); emits the new sum. */
function runningSumBody(): Graph {
  const b = new GraphBuilder('scan body');
  const sum = b.input('sum', f32('b', 4));
  const x = b.input('x', f32('b', 4));
  const w = b.input('w', f32(4, 4));
  const next = b.op1('Add', [sum, b.op1('MatMul', [x, w])]);
  b.output('sum_next', next);
  b.output('y', next);
  return b.build();
}

interface Sample<K extends OpName> {
  inputs: (ValueInfo | undefined)[];
  attrs?: Partial<AttrsOf<K>>;
  out: ValueInfo[];
}

/** One typical use of every op: a mapped type, so adding an op to OPS without a sample fails to compile. */
const SAMPLES: { [K in OpName]: Sample<K> } = {
  Add: { inputs: [f32('batch', 1, 8), f32(5, 1)], out: [f32('batch', 5, 8)] },
  Sub: { inputs: [i32(2, 3), i32(3)], out: [i32(2, 3)] },
  Mul: { inputs: [f32('seq', 1), f32(1, 'seq')], out: [f32('seq', 'seq')] },
  Div: { inputs: [f32(4, 1, 3), f32(2, 1)], out: [f32(4, 2, 3)] },
  Pow: { inputs: [f32(2, 3), f32()], out: [f32(2, 3)] },
  Max: { inputs: [i32(1), i32(7)], out: [i32(7)] },
  Min: { inputs: [f32('b', 4), f32(4)], out: [f32('b', 4)] },
  Equal: { inputs: [bool(3), bool(1)], out: [bool(3)] },
  Less: { inputs: [f32(2, 3), f32(3)], out: [bool(2, 3)] },
  LessOrEqual: { inputs: [i32(2, 1), i32(1, 5)], out: [bool(2, 5)] },
  Greater: { inputs: [f32('b', 't'), f32()], out: [bool('b', 't')] },
  GreaterOrEqual: { inputs: [i32(4), i32(4)], out: [bool(4)] },
  And: { inputs: [bool('b', 1, 't'), bool(5, 1)], out: [bool('b', 5, 't')] },
  Or: { inputs: [bool(2), bool(2)], out: [bool(2)] },
  Xor: { inputs: [bool(), bool(3)], out: [bool(3)] },
  Where: { inputs: [bool('b', 1, 't'), f32(5, 1), f32()], out: [f32('b', 5, 't')] },
  Identity: { inputs: [bool('b', 2)], out: [bool('b', 2)] },
  Neg: { inputs: [i32(2)], out: [i32(2)] },
  Abs: { inputs: [f32('b')], out: [f32('b')] },
  Not: { inputs: [bool(2, 2)], out: [bool(2, 2)] },
  Tanh: { inputs: [f32(3)], out: [f32(3)] },
  Sigmoid: { inputs: [f32(3, 'b')], out: [f32(3, 'b')] },
  Relu: { inputs: [i32(3)], out: [i32(3)] },
  Exp: { inputs: [f32()], out: [f32()] },
  Log: { inputs: [f32(1)], out: [f32(1)] },
  Sqrt: { inputs: [f32(2, 2)], out: [f32(2, 2)] },
  Reciprocal: { inputs: [f32('n')], out: [f32('n')] },
  Erf: { inputs: [f32(5)], out: [f32(5)] },
  Cast: { inputs: [f32(2, 'b')], attrs: { to: 'int32' }, out: [i32(2, 'b')] },
  MatMul: { inputs: [f32('batch', 'seq', 8), f32(8, 16)], out: [f32('batch', 'seq', 16)] },
  Softmax: { inputs: [f32('b', 5, 7)], out: [f32('b', 5, 7)] },
  ReduceSum: { inputs: [i32(2, 3, 4)], attrs: { axes: [1] }, out: [i32(2, 1, 4)] },
  ReduceMean: { inputs: [f32('b', 't', 8)], attrs: { axes: [-1], keepdims: false }, out: [f32('b', 't')] },
  ReduceMax: { inputs: [f32(2, 3)], out: [f32(1, 1)] },
  Transpose: { inputs: [f32(2, 3, 4)], out: [f32(4, 3, 2)] },
  Reshape: { inputs: [f32('b', 't', 8)], attrs: { shape: [0, 0, 2, 4] }, out: [f32('b', 't', 2, 4)] },
  Unsqueeze: { inputs: [f32('b', 't')], attrs: { axes: [1] }, out: [f32('b', 1, 't')] },
  Squeeze: { inputs: [f32(1, 3, 1)], attrs: { axes: [0] }, out: [f32(3, 1)] },
  Expand: { inputs: [f32(3, 1), ints(2, 1, 4)], out: [f32(2, 3, 4)] },
  Concat: { inputs: [f32(2, 3), f32(2, 5)], attrs: { axis: 1 }, out: [f32(2, 8)] },
  Slice: { inputs: [f32(10, 4)], attrs: { starts: [2], ends: [7] }, out: [f32(5, 4)] },
  Gather: { inputs: [f32(5, 4), i32(2, 3)], out: [f32(2, 3, 4)] },
  Shape: { inputs: [f32('b', 't', 8)], out: [{ dtype: 'int32', shape: [3], value: ['b', 't', 8] }] },
  Trilu: { inputs: [bool('t', 't')], attrs: { upper: false }, out: [bool('t', 't')] },
  Constant: { inputs: [], attrs: { value: tensor([1, 2, 3, 4], [2, 2]) }, out: [f32(2, 2)] },
  Dropout: { inputs: [f32('b', 5)], attrs: { ratio: 0.1 }, out: [f32('b', 5)] },
  Scan: {
    inputs: [f32('b', 4), f32('b', 't', 4), f32(4, 4)],
    attrs: { body: runningSumBody(), numScanInputs: 1, numCaptures: 1, scanInputAxes: [1], scanOutputAxes: [1] },
    out: [f32('b', 4), f32('b', 't', 4)],
  },
};

describe('every op in OPS', () => {
  it('has a sample here', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...OP_NAMES].sort());
  });

  it.each(OP_NAMES)('%s infers its sample', (op) => {
    const sample: Sample<OpName> = SAMPLES[op];
    expect(infer(op, sample.inputs, sample.attrs)).toEqual(sample.out);
  });

  it.each(OP_NAMES)('%s declares doc, outputs and attribute docs', (op) => {
    const spec = OPS[op];
    expect(spec.doc.length).toBeGreaterThan(0);
    expect(spec.outputs.length).toBeGreaterThan(0);
    for (const attr of Object.values<{ doc: string }>(spec.attrs)) expect(attr.doc.length).toBeGreaterThan(0);
  });
});

describe('inputs and attributes (inferNode, resolveAttrs)', () => {
  it('rejects a missing required input, naming it', () => {
    expectInferError('Add', [f32(2)], {}, "input 'B' is required");
    expectInferError('Add', [undefined, f32(2)], {}, "input 'A' is required");
    expectInferError('Where', [bool(2), f32(2)], {}, "input 'Y' is required");
  });

  it('rejects extra inputs with the counts', () => {
    expectInferError('Add', [f32(2), f32(2), f32(2)], {}, 'Add takes at most 2 inputs, got 3');
  });

  it('accepts an omitted optional input', () => {
    expect(infer1('Trilu', [f32(3, 3), undefined])).toEqual(f32(3, 3));
  });

  it('fills defaults and copies arrays', () => {
    const axes = [1];
    const resolved = resolveAttrs('ReduceSum', { axes }, where('ReduceSum'));
    expect(resolved).toEqual({ axes: [1], keepdims: true });
    expect(resolved.axes).not.toBe(axes);
    expect(resolveAttrs('Slice', { starts: [0], ends: [1] }, 'w')).toEqual({ starts: [0], ends: [1], axes: [], steps: [] });
  });

  it('rejects an unknown attribute, listing the known ones', () => {
    const attrs: Partial<AttrsOf<'Softmax'>> = Object.fromEntries([['axes', [1]]]);
    const message = errorOf(() => resolveAttrs('Softmax', attrs, where('Softmax')));
    expect(message).toBe(`${where('Softmax')}: unknown attribute 'axes' (Softmax takes axis)`);
    const none: Partial<AttrsOf<'Add'>> = Object.fromEntries([['axis', 0]]);
    expect(errorOf(() => resolveAttrs('Add', none, where('Add')))).toContain("unknown attribute 'axis' (Add takes none)");
  });

  it('rejects a missing required attribute', () => {
    expect(errorOf(() => resolveAttrs('Reshape', {}, where('Reshape')))).toContain(`${where('Reshape')}: attribute 'shape' is required`);
    expect(errorOf(() => resolveAttrs('Cast', {}, where('Cast')))).toContain("attribute 'to' is required");
  });

  it('rejects attributes of the wrong kind, showing the value', () => {
    const bad = (op: OpName, key: string, value: unknown): string => {
      const attrs: Record<string, unknown> = { [key]: value };
      return errorOf(() => resolveAttrs(op, attrs, where(op)));
    };
    expect(bad('Softmax', 'axis', 1.5)).toContain("attribute 'axis' must be int, got 1.5");
    expect(bad('ReduceSum', 'axes', [0, 0.5])).toContain("attribute 'axes' must be ints, got [0,0.5]");
    expect(bad('ReduceSum', 'keepdims', 1)).toContain("attribute 'keepdims' must be bool, got 1");
    expect(bad('Cast', 'to', 'float64')).toContain('attribute \'to\' must be dtype, got "float64"');
    expect(bad('Dropout', 'ratio', '0.5')).toContain('attribute \'ratio\' must be float, got "0.5"');
    expect(bad('Constant', 'value', [1, 2])).toContain("attribute 'value' must be tensor, got [1,2]");
  });
});

describe('numpy broadcasting (elementwise ops)', () => {
  const cases: [Dim[], Dim[], Dim[]][] = [
    [[2, 3], [3], [2, 3]],
    [[2, 1, 4], [3, 1], [2, 3, 4]],
    [[], [2, 3], [2, 3]],
    [[1], [1], [1]],
    [['batch', 'seq', 8], ['batch', 1, 8], ['batch', 'seq', 8]],
    [['batch', 1, 8], [5, 1], ['batch', 5, 8]],
    [[1, 'seq'], ['batch', 1], ['batch', 'seq']],
    [['seq'], [1], ['seq']],
    [['batch'], [4], [4]],
    [[4], ['batch'], [4]],
    [['a'], ['b'], ['a']],
    [[0, 3], [1, 3], [0, 3]],
  ];
  it.each(cases)('%j with %j gives %j', (a, b, out) => {
    expect(infer1('Add', [f32(...a), f32(...b)])).toEqual(f32(...out));
    expect(infer1('Mul', [f32(...b), f32(...a)]).shape).toHaveLength(out.length);
  });

  it('rejects sizes that do not broadcast, naming both shapes', () => {
    expectInferError('Add', [f32(2, 3), f32(4, 3)], {}, 'cannot broadcast [2, 3] with [4, 3]');
    expectInferError('Mul', [f32('b', 3), f32(2)], {}, "cannot broadcast [b, 3] with [2]");
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
    [[2, 3], [3, 4], [2, 4]],
    [[5, 1, 2, 3], [4, 3, 6], [5, 4, 2, 6]],
    [[1, 2, 3], [7, 3, 4], [7, 2, 4]],
    [['batch', 'seq', 8], [8, 16], ['batch', 'seq', 16]],
    [['b', 'h', 't', 4], ['b', 'h', 4, 's'], ['b', 'h', 't', 's']],
    [['b', 't', 'd'], [8, 4], ['b', 't', 4]],
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
    [[2, 3, 4], [6, -1], [6, 4]],
    [[2, 3, 4], [0, -1], [2, 12]],
    [[2, 3, 4], [-1], [24]],
    [[2, 3, 4], [4, 0, 2], [4, 3, 2]],
    [[6], [1, 2, 1, 3], [1, 2, 1, 3]],
    [[0, 3], [-1, 3], [0, 3]],
    [['b', 't', 8], [0, 0, 2, 4], ['b', 't', 2, 4]],
    [['b', 't', 2, 4], [0, 0, -1], ['b', 't', 8]],
    [['b', 't', 8], [0, -1, 4], ['b', '2*t', 4]],
    [['b', '2*t', 4], [0, -1, 8], ['b', 't', 8]],
    [['b', 't', 8], [-1, 8], ['b*t', 8]],
    [['b*t', 8], [0, 2, 4], ['b*t', 2, 4]],
    [['b', 2, 2, 'tk', 8], [0, 4, -1, 8], ['b', 4, 'tk', 8]],
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
