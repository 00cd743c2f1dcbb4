import { describe, it, expect } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import type { Graph } from '../graph/types.js';
import { tensor, zerosTensor } from '../tensor.js';
import { errorOf } from '../testing/helpers.js';
import type { HostTensor } from '../types.js';
import { bindRun } from './bind.js';
import { getBackend, listBackends, registerBackend } from './registry.js';
import type { Backend, Compiled } from './types.js';

function fakeBackend(name: string): Backend {
  const compiled: Compiled = {
    run: async () => ({}),
    bind: async () => ({ run: async () => ({}), dispose: () => undefined }),
    dispose: () => undefined,
  };
  return { name, compile: async () => compiled };
}

describe('backend registry', () => {
  it('returns the registered backend by name and lists names', async () => {
    const a = fakeBackend('test-fake-a');
    const b = fakeBackend('test-fake-b');
    registerBackend(a);
    registerBackend(b);
    expect(getBackend('test-fake-a')).toBe(a);
    expect(getBackend('test-fake-b')).toBe(b);
    expect(listBackends()).toEqual(expect.arrayContaining(['test-fake-a', 'test-fake-b']));
    await expect(getBackend('test-fake-a').compile({ name: 'g', inputs: [], params: [], outputs: [], nodes: [] })).resolves.toBeDefined();
  });

  it('replaces a backend registered again under the same name, listing it once', () => {
    const first = fakeBackend('test-fake-replace');
    const second = fakeBackend('test-fake-replace');
    registerBackend(first);
    registerBackend(second);
    expect(getBackend('test-fake-replace')).toBe(second);
    expect(listBackends().filter((n) => n === 'test-fake-replace')).toHaveLength(1);
  });

  it('names the unknown backend and lists every registered one', () => {
    registerBackend(fakeBackend('test-fake-c'));
    const message = errorOf(() => getBackend('tfjs-gpu'));
    expect(message).toMatch(/^getBackend: no backend 'tfjs-gpu' is registered \(registered: /);
    for (const name of listBackends()) expect(message).toContain(name);
    expect(message).toContain('importing a backend package registers it');
  });

  it('returns a copy of the names', () => {
    const names = listBackends();
    names.push('not-a-backend');
    expect(listBackends()).not.toContain('not-a-backend');
  });
});

/** inputs query (batch, tq, 8) float32, mask (batch, tk) bool, ids (3) int32; weight w (8, 4). */
function graph(): Graph {
  const b = new GraphBuilder('g');
  const q = b.input('query', { dtype: 'float32', shape: ['batch', 'tq', 8] });
  b.input('mask', { dtype: 'bool', shape: ['batch', 'tk'] });
  b.input('ids', { dtype: 'int32', shape: [3] });
  const w = b.param('w', { dtype: 'float32', shape: [8, 4] }, 'glorotUniform');
  b.output('y', b.op1('MatMul', [q, w]));
  return b.build();
}

const floats = (...shape: number[]): HostTensor => zerosTensor(shape);
const bools = (...shape: number[]): HostTensor => zerosTensor(shape, 'bool');

function goodInputs(): Record<string, HostTensor> {
  return { query: floats(2, 5, 8), mask: bools(2, 7), ids: tensor([0, 1, 2], [3], 'int32') };
}
const goodWeights = (): Record<string, HostTensor> => ({ w: floats(8, 4) });

describe('bindRun', () => {
  const g = graph();
  const bindWith = (inputs: Partial<Record<string, HostTensor>>, weights: Record<string, HostTensor> = goodWeights()): string => {
    const given: Record<string, HostTensor> = {};
    for (const [k, v] of Object.entries({ ...goodInputs(), ...inputs })) if (v) given[k] = v;
    return errorOf(() => bindRun(g, given, weights));
  };

  it('binds every symbolic dim to its size', () => {
    expect(bindRun(g, goodInputs(), goodWeights())).toEqual(
      new Map([
        ['batch', 2],
        ['tq', 5],
        ['tk', 7],
      ]),
    );
  });

  it('rejects a weight the graph does not declare, as it rejects an unknown input', () => {
    expect(errorOf(() => bindRun(g, goodInputs(), { ...goodWeights(), other: floats(1) }))).toBe("g: unknown weight 'other' (weights: w)");
  });

  it('rejects a missing input, naming it and its type', () => {
    const inputs = goodInputs();
    delete inputs['mask'];
    expect(errorOf(() => bindRun(g, inputs, goodWeights()))).toBe("g: missing input 'mask' of type bool[batch, tk]");
  });

  it('rejects an unknown input, listing the inputs', () => {
    expect(bindWith({ querry: floats(2, 5, 8) })).toBe("g: unknown input 'querry' (inputs: query, mask, ids)");
  });

  it('rejects a wrong dtype, naming the input and both dtypes', () => {
    expect(bindWith({ query: zerosTensor([2, 5, 8], 'int32') })).toBe("g: input 'query' must be float32, got int32");
    expect(bindWith({ mask: floats(2, 7) })).toBe("g: input 'mask' must be bool, got float32");
  });

  it('rejects a wrong rank, naming the input and both shapes', () => {
    expect(bindWith({ query: floats(10, 8) })).toBe("g: input 'query' must have rank 3 [batch, tq, 8], got rank 2 [10, 8]");
  });

  it('rejects a static dim mismatch, naming the input, the dim and both sizes', () => {
    expect(bindWith({ query: floats(2, 5, 6) })).toBe("g: input 'query' dim 2 must be 8, got 6 (shape [2, 5, 6], expected [batch, tq, 8])");
    expect(bindWith({ ids: tensor([1, 2], [2], 'int32') })).toContain("input 'ids' dim 0 must be 3, got 2");
  });

  it('rejects a symbolic dim bound to two sizes, naming the input, the dim and both sizes', () => {
    const message = bindWith({ mask: bools(3, 7) });
    expect(message).toBe("g: input 'mask' dim 0 ('batch') is 3, but input 'query' dim 0 bound 'batch' to 2");
  });

  it('binds a symbolic dim used twice in one input consistently', () => {
    const b = new GraphBuilder('sq');
    b.output('y', b.input('m', { dtype: 'float32', shape: ['t', 't'] }));
    const square = b.build();
    expect(bindRun(square, { m: floats(3, 3) }, {}).get('t')).toBe(3);
    expect(errorOf(() => bindRun(square, { m: floats(3, 4) }, {}))).toBe(
      "sq: input 'm' dim 1 ('t') is 4, but input 'm' dim 0 bound 't' to 3",
    );
  });

  it('rejects a missing weight, naming it and its type', () => {
    expect(errorOf(() => bindRun(g, goodInputs(), {}))).toBe("g: missing weight 'w' of type float32[8, 4]");
  });

  it('rejects a weight of the wrong shape or dtype', () => {
    expect(errorOf(() => bindRun(g, goodInputs(), { w: floats(4, 8) }))).toContain("weight 'w' dim 0 must be 8, got 4");
    expect(errorOf(() => bindRun(g, goodInputs(), { w: zerosTensor([8, 4], 'int32') }))).toBe("g: weight 'w' must be float32, got int32");
  });

  it('rejects a HostTensor whose data does not fill its shape', () => {
    const short: HostTensor = { dtype: 'float32', shape: [2, 5, 8], data: new Float32Array(79) };
    expect(bindWith({ query: short })).toBe("g: input 'query': 79 values do not fill shape [2, 5, 8]");
    const long: HostTensor = { dtype: 'float32', shape: [8, 4], data: new Float32Array(33) };
    expect(errorOf(() => bindRun(g, goodInputs(), { w: long }))).toBe("g: weight 'w': 33 values do not fill shape [8, 4]");
  });

  it('rejects a HostTensor whose array does not match its dtype, or whose shape is not sizes', () => {
    const mixed: HostTensor = { dtype: 'float32', shape: [2, 5, 8], data: new Int32Array(80) };
    expect(bindWith({ query: mixed })).toBe("g: input 'query': dtype float32 needs a Float32Array, got Int32Array");
    const negative: HostTensor = { dtype: 'bool', shape: [2, -7], data: new Uint8Array(0) };
    expect(bindWith({ mask: negative })).toBe("g: input 'mask': shape [2, -7] must be non-negative integers");
  });
});
