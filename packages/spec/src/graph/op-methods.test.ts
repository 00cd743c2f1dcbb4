import { describe, expect, it } from 'vitest';
import { OP_NAMES } from '../ops/table.js';
import { GraphBuilder } from './builder.js';
import { BuiltValue, methodName } from './op-methods.js';

describe('ops as methods of built values', () => {
  it('every op of the table is a method, named with its first letter lowered', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', { dtype: 'float32', shape: [2, 3] });
    for (const op of OP_NAMES) expect(typeof Reflect.get(x, methodName(op)), op).toBe('function');
    expect(methodName('MatMul')).toBe('matMul');
    expect(methodName('ReduceSum')).toBe('reduceSum');
  });

  it('adds the same nodes as op1: other inputs first, typed attributes last', () => {
    const chained = new GraphBuilder('g');
    const x = chained.input('x', { dtype: 'float32', shape: [2, 3] });
    const w = chained.param('w', { dtype: 'float32', shape: [3, 4] }, 'ones');
    const y = x
      .matMul(w)
      .add(chained.scalar(1))
      .transpose({ perm: [1, 0] })
      .reshape({ shape: [8] });
    chained.output('y', y);

    const plain = new GraphBuilder('g');
    const x2 = plain.input('x', { dtype: 'float32', shape: [2, 3] });
    const w2 = plain.param('w', { dtype: 'float32', shape: [3, 4] }, 'ones');
    const p = plain.op1('MatMul', [x2, w2]);
    const s = plain.op1('Add', [p, plain.scalar(1)]);
    plain.output('y', plain.op1('Reshape', [plain.op1('Transpose', [s], { perm: [1, 0] })], { shape: [8] }));

    expect(chained.build()).toEqual(plain.build());
    expect(y.type.shape).toEqual([8]);
    expect(y).toBeInstanceOf(BuiltValue);
  });

  it('wraps any value of its builder; an omitted optional input stays omitted', () => {
    const b = new GraphBuilder('g');
    const raw = { name: 'x', type: b.input('x', { dtype: 'float32', shape: [3, 3] }).type };
    const upper = b.value(raw).trilu(undefined, { upper: true });
    expect(upper.type.shape).toEqual([3, 3]);
    b.output('y', upper);
    expect(b.build().nodes[0]).toMatchObject({ op: 'Trilu', inputs: ['x', ''], attrs: { upper: true } });
  });

  it('reports a bad attribute at the op that got it', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', { dtype: 'float32', shape: [2, 3] });
    expect(() => x.transpose({ perm: [0] })).toThrow(/g: node 'Transpose_0' \(Transpose\)/);
  });
});
