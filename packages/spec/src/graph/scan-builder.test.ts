/** buildScan: the body it writes (input names, captures, outputs) and the Scan attributes it fills. */
import { describe, expect, it } from 'vitest';
import type { AttrsOf } from '../ops/table.js';
import type { Dim, TensorType } from '../types.js';
import { GraphBuilder } from './builder.js';
import { buildScan } from './scan-builder.js';
import type { Graph } from './types.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });

describe('buildScan', () => {
  function build(reverse?: boolean): { g: Graph; scan: Graph; attrs: AttrsOf<'Scan'> } {
    const b = new GraphBuilder('layer');
    const x = b.input('inputs', f32('batch', 'time', 3));
    const h0 = b.input('initial_state_h', f32('batch', 2));
    const kernel = b.scope('cell', () => b.param('kernel', f32(3, 2), 'glorotUniform'));
    const memory = b.input('memory', f32('batch', 5, 3));
    const r = buildScan(b, {
      states: [{ name: 'state_h', value: h0 }],
      scanInputs: [{ name: 'x', value: x }],
      captures: [kernel, memory],
      ...(reverse === undefined ? {} : { reverse }),
      step: (body, [h], [xt], [k, mem]) => {
        expect(k!.name).toBe('cell/kernel');
        expect(mem!.name).toBe('memory');
        const next = body.op1('Add', [h!, body.op1('MatMul', [xt!, k!])]);
        const pooled = body.op1('ReduceSum', [mem!], { axes: [1], keepdims: false });
        return { states: [next], outputs: [next, pooled] };
      },
    });
    expect(r.states).toHaveLength(1);
    expect(r.outputs).toHaveLength(2);
    expect(r.states[0]!.type).toEqual(f32('batch', 2));
    expect(r.outputs[0]!.type).toEqual(f32('batch', 'time', 2));
    expect(r.outputs[1]!.type).toEqual(f32('batch', 'time', 3));
    b.output('output', r.outputs[0]!);
    const g = b.build();
    const node = g.nodes.find((n) => n.op === 'Scan');
    if (node?.op !== 'Scan') throw new Error('no Scan node');
    return { g, scan: node.attrs.body, attrs: node.attrs };
  }

  it('names body inputs: states and scan inputs as given, captures after the outer values', () => {
    const { scan } = build();
    expect(scan.inputs.map((v) => [v.name, v.type])).toEqual([
      ['state_h', f32('batch', 2)],
      ['x', f32('batch', 3)],
      ['cell/kernel', f32(3, 2)],
      ['memory', f32('batch', 5, 3)],
    ]);
    expect(scan.params).toEqual([]);
    expect(scan.outputs.map((v) => v.name)).toEqual(['state_h_next', 'output_0', 'output_1']);
    expect(scan.name).toBe('layer: scan body');
  });

  it('fills the attributes: counts, axis 1 everywhere, forward by default', () => {
    const { attrs } = build();
    expect(attrs.numScanInputs).toBe(1);
    expect(attrs.numCaptures).toBe(2);
    expect(attrs.scanInputAxes).toEqual([1]);
    expect(attrs.scanInputDirections).toEqual([0]);
    expect(attrs.scanOutputAxes).toEqual([1, 1]);
    expect(attrs.scanOutputDirections).toEqual([0, 0]);
  });

  it('reverse: true walks the scan inputs from the end (outputs still appended)', () => {
    const { attrs } = build(true);
    expect(attrs.scanInputDirections).toEqual([1]);
    expect(attrs.scanOutputDirections).toEqual([0, 0]);
  });

  it('axis 0', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32('time', 'batch', 3));
    const s = b.input('s', f32('batch', 3));
    const r = buildScan(b, {
      states: [{ name: 's', value: s }],
      scanInputs: [{ name: 'xt', value: x }],
      captures: [],
      axis: 0,
      step: (body, [p], [xt]) => ({ states: [body.op1('Add', [p!, xt!])], outputs: [xt!] }),
    });
    expect(r.outputs[0]!.type).toEqual(f32('time', 'batch', 3));
  });

  it('rejects a step returning the wrong number of states', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2, 4, 3));
    const s = b.input('s', f32(2, 3));
    expect(() =>
      buildScan(b, {
        states: [{ name: 's', value: s }],
        scanInputs: [{ name: 'xt', value: x }],
        captures: [],
        step: () => ({ states: [], outputs: [] }),
      }),
    ).toThrow('scan step returned 0 states for 1');
  });

  it('captures whose outer names clash with a state or scan input name, or with each other, still build', () => {
    // A layer composed into a bigger graph may capture an outer value named like one of its body inputs.
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2, 4, 3));
    const s = b.input('s', f32(2, 3));
    const r = buildScan(b, {
      states: [{ name: 's', value: s }],
      scanInputs: [{ name: 'x', value: x }],
      captures: [x, s, s],
      step: (body, [p], [xt], caps) => {
        expect(new Set([p!.name, xt!.name, ...caps.map((c) => c.name)]).size).toBe(5);
        return { states: [body.op1('Add', [p!, xt!])], outputs: [] };
      },
    });
    b.output('final', r.states[0]!);
    const g = b.build();
    const node = g.nodes.find((n) => n.op === 'Scan');
    const names = node?.op === 'Scan' ? node.attrs.body.inputs.map((v) => v.name) : [];
    expect(names).toEqual(['s', 'x', 'x:captured', 's:captured', 's:captured2']);
  });

  it("a capture named like a value the body generates (MatMul_0) does not collide with the body's own MatMul_0", () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2, 4, 3));
    const s = b.input('s', f32(2, 3));
    const w = b.op1('MatMul', [b.input('a', f32(3, 3)), b.input('c', f32(3, 3))]);
    expect(w.name).toBe('MatMul_0');
    const r = buildScan(b, {
      states: [{ name: 's', value: s }],
      scanInputs: [{ name: 'xt', value: x }],
      captures: [w],
      step: (body, [p], [xt], [wi]) => ({ states: [body.op1('Add', [p!, body.op1('MatMul', [xt!, wi!])])], outputs: [] }),
    });
    b.output('final', r.states[0]!);
    const node = b.build().nodes.find((n) => n.op === 'Scan');
    const inner = node?.op === 'Scan' ? node.attrs.body : undefined;
    expect(inner?.inputs.map((v) => v.name)).toEqual(['s', 'xt', 'MatMul_0:captured']);
    expect(inner?.nodes.some((n) => n.name === 'MatMul_0')).toBe(true);
  });

  it('keeps plain and scoped weight names of captures as they are', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2, 4, 3));
    const s = b.input('s', f32(2, 3));
    const k = b.scope('cell', () => b.param('kernel', f32(3, 3), 'zeros'));
    const w1 = b.param('w_1', f32(3, 3), 'zeros');
    const r = buildScan(b, {
      states: [{ name: 's', value: s }],
      scanInputs: [{ name: 'xt', value: x }],
      captures: [k, w1],
      step: (body, [p], [xt], [ki, wi]) => ({
        states: [body.op1('Add', [p!, body.op1('MatMul', [body.op1('MatMul', [xt!, ki!]), wi!])])],
        outputs: [],
      }),
    });
    b.output('final', r.states[0]!);
    const node = b.build().nodes.find((n) => n.op === 'Scan');
    expect(node?.op === 'Scan' && node.attrs.body.inputs.map((v) => v.name)).toEqual(['s', 'xt', 'cell/kernel', 'w_1']);
  });
});
