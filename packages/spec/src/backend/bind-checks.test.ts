import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import { ScaledDotProductAttention } from '../layers/scaled-dot-product-attention.js';
import { zerosTensor } from '../tensor.js';
import { errorOf } from '../testing/helpers.js';
import type { HostTensor } from '../types.js';
import { bindRun, bindRunTypes, bindShapes } from './bind.js';

const floats = (...shape: number[]): HostTensor => zerosTensor(shape);

describe('bindRun: symbols that must agree', () => {
  const g = new ScaledDotProductAttention({}).build({
    query: { dtype: 'float32', shape: ['b', 'tq', 8] },
    key: { dtype: 'float32', shape: ['b2', 'tk', 8] },
    value: { dtype: 'float32', shape: ['b2', 'tk', 8] },
  });

  it('accepts equal sizes', () => {
    expect(bindRun(g, { query: floats(2, 3, 8), key: floats(2, 5, 8), value: floats(2, 5, 8) }, {}).get('b2')).toBe(2);
  });

  it('rejects a query batch and a key batch that differ, naming both inputs', () => {
    const message = errorOf(() => bindRun(g, { query: floats(2, 3, 8), key: floats(3, 5, 8), value: floats(3, 5, 8) }, {}));
    expect(message).toContain("'b' = 2 (input 'query' dim 0)");
    expect(message).toContain("'b2' = 3 (input 'key' dim 0)");
    expect(message).toMatch(/^ScaledDotProductAttention: the inputs disagree at node '[^']+' \(MatMul\)/);
  });

  it('rejects a size-1 batch that would broadcast to a size its type does not promise', () => {
    const message = errorOf(() => bindRun(g, { query: floats(1, 3, 8), key: floats(3, 5, 8), value: floats(3, 5, 8) }, {}));
    expect(message).toContain("'b' = 1 (input 'query' dim 0)");
    expect(message).toContain("'b2' = 3 (input 'key' dim 0)");
  });
});

describe('bindRun: memory limit', () => {
  function square(): ReturnType<GraphBuilder['build']> {
    const b = new GraphBuilder('sq');
    const x = b.input('x', { dtype: 'float32', shape: ['n', 'd'] });
    b.output('y', b.op1('MatMul', [x, b.op1('Transpose', [x], { perm: [1, 0] })]));
    return b.build();
  }

  it('names the peak, the largest tensor, its shape and its bytes, before anything runs', () => {
    const message = errorOf(() => bindRun(square(), { x: floats(1000, 2) }, {}, { memoryLimitBytes: 1_000_000 }));
    // The product and the output's copy of it are both alive after the last node.
    expect(message).toMatch(
      /^sq: this run would hold about 7\.6 MiB \(8000000 bytes\) of tensors after node '[^']+', over the memory limit of 976\.6 KiB/,
    );
    expect(message).toMatch(/largest tensor is '[^']+' of shape \[1000, 1000\], 3\.8 MiB \(4000000 bytes\)$/);
  });

  it('counts bytes per element as the backend stores them', () => {
    expect(() => bindRun(square(), { x: floats(1000, 2) }, {}, { memoryLimitBytes: 9_000_000 })).not.toThrow();
    const f64 = { float32: 8, int32: 8, bool: 8 };
    expect(errorOf(() => bindRun(square(), { x: floats(1000, 2) }, {}, { memoryLimitBytes: 9_000_000, bytesPerElement: f64 }))).toContain(
      '(16000000 bytes) of tensors',
    );
  });
});

describe('bindRun: anything handed to a run', () => {
  const b = new GraphBuilder('id');
  b.output('y', b.input('x', { dtype: 'float32', shape: ['n'] }));
  const g = b.build();
  // A run may be handed anything from untyped code: Reflect.apply calls bindRun without its parameter types.
  const bindUntyped = (inputs: unknown): unknown => Reflect.apply(bindRun, undefined, [g, inputs, {}]);
  const bad = (x: unknown): string => errorOf(() => bindUntyped({ x }));

  it('rejects what is not a HostTensor with a LayerspecError', () => {
    expect(bad(null)).toBe("id: missing input 'x' of type float32[n]");
    expect(bad(3)).toBe("id: input 'x' must be a HostTensor { dtype, shape, data }, got 3");
    expect(bad({ dtype: 'float64', shape: [1], data: new Float64Array(1) })).toBe('id: input \'x\': unknown dtype the string "float64"');
    expect(bad({ dtype: 'float32', shape: 'n', data: new Float32Array(1) })).toContain('shape must be an array');
    expect(bad({ dtype: 'float32', shape: [1], data: [0] })).toContain('data must be a typed array, got [0]');
    expect(errorOf(() => bindUntyped(null))).toBe('id: the inputs must be an object of named tensors, got null');
  });
});

describe('bindShapes: the same checks for callers holding shapes only', () => {
  const g = new ScaledDotProductAttention({}).build({
    query: { dtype: 'float32', shape: ['b', 'tq', 8] },
    key: { dtype: 'float32', shape: ['b', 'tk', 8] },
    value: { dtype: 'float32', shape: ['b', 'tk', 8] },
  });

  it('binds the symbols', () => {
    expect([...bindShapes(g, { query: [2, 3, 8], key: [2, 5, 8], value: [2, 5, 8] })]).toEqual([
      ['b', 2],
      ['tq', 3],
      ['tk', 5],
    ]);
  });

  it('rejects one symbol bound to two sizes, a wrong static dim, a wrong rank and a missing input', () => {
    expect(errorOf(() => bindShapes(g, { query: [3, 3, 8], key: [2, 5, 8], value: [2, 5, 8] }))).toBe(
      "ScaledDotProductAttention: input 'key' dim 0 ('b') is 2, but input 'query' dim 0 bound 'b' to 3",
    );
    expect(errorOf(() => bindShapes(g, { query: [2, 3, 4], key: [2, 5, 8], value: [2, 5, 8] }))).toMatch(
      /input 'query' dim 2 must be 8, got 4/,
    );
    expect(errorOf(() => bindShapes(g, { query: [2, 3], key: [2, 5, 8], value: [2, 5, 8] }))).toMatch(/input 'query' must have rank 3/);
    expect(errorOf(() => bindShapes(g, { query: [2, 3, 8], key: [2, 5, 8] }))).toMatch(/missing input 'value'/);
  });
});

describe('bindRunTypes: bindings kept', () => {
  it('keeps the types of 128 bindings: every cache length of a repeated 100-step decoding is a lookup', () => {
    const b = new GraphBuilder('grow');
    const x = b.input('x', { dtype: 'float32', shape: ['n', 2] });
    b.output('y', b.op1('Concat', [x, x], { axis: 0 }));
    const g = b.build();
    const first = Array.from({ length: 100 }, (_, n) => bindRunTypes(g, { x: floats(n, 2) }, {}).types);
    const again = Array.from({ length: 100 }, (_, n) => bindRunTypes(g, { x: floats(n, 2) }, {}).types);
    again.forEach((types, n) => expect(types, `n = ${n}`).toBe(first[n]));
    expect(again[7]!.get(g.outputs[0]!.name)?.shape).toEqual([14, 2]);
  });
});
