import { describe, it, expect } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import type { Graph } from '../graph/types.js';
import { tensor } from '../tensor.js';
import { errorOf } from '../testing/helpers.js';
import { bool, expectInferError, f32, i32, infer, infer1, ints, where } from '../testing/infer.js';
import type { ValueInfo } from './define.js';
import { resolveAttrs } from './resolve.js';
import { OPS, OP_NAMES, type AttrsOf, type OpName } from './table.js';

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
  Sin: { inputs: [f32(5)], out: [f32(5)] },
  Cos: { inputs: [f32(5)], out: [f32(5)] },
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
