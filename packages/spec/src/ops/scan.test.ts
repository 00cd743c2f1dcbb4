import { describe, expect, it } from 'vitest';
import { GraphBuilder, type Value } from '../graph/builder.js';
import { graphFromJSON, graphToJSON } from '../graph/serialize.js';
import type { Graph } from '../graph/types.js';
import { verifyGraph } from '../graph/verify.js';
import { tensor } from '../tensor.js';
import { errorOf } from '../testing/helpers.js';
import type { DType, Dim, TensorType } from '../types.js';
import type { ValueInfo } from './define.js';
import { inferNode, resolveAttrs } from './resolve.js';
import type { AttrsOf } from './table.js';

const WHERE = "test: node 'n1' (Scan)";

const t = (dtype: DType, ...shape: Dim[]): TensorType => ({ dtype, shape });
const f32 = (...shape: Dim[]): TensorType => t('float32', ...shape);
const i32 = (...shape: Dim[]): TensorType => t('int32', ...shape);

function infer(inputs: readonly (ValueInfo | undefined)[], attrs: Partial<AttrsOf<'Scan'>>): ValueInfo[] {
  return inferNode('Scan', inputs, resolveAttrs('Scan', attrs, WHERE), WHERE);
}

/** Inference fails with a message naming the node and containing every fragment. */
function expectScanError(inputs: readonly (ValueInfo | undefined)[], attrs: Partial<AttrsOf<'Scan'>>, ...fragments: string[]): void {
  const message = errorOf(() => infer(inputs, attrs));
  expect(message.startsWith(`${WHERE}: `)).toBe(true);
  for (const f of fragments) expect(message).toContain(f);
}

/** A body graph: inputs in order (states, slices, captures), outputs in order (next states, slices). */
function body(inputs: [string, TensorType][], step: (b: GraphBuilder, ins: Value[]) => [string, Value][], name = 'body'): Graph {
  const b = new GraphBuilder(name);
  const values = inputs.map(([n, type]) => b.input(n, type));
  for (const [n, v] of step(b, values)) b.output(n, v);
  return b.build();
}

/** Running sum with a capture: s' = s + x @ w; emits s' and x @ w. State s (b, 4), slice x (b, 4), capture w (4, 4). */
const runningSum = (batch: Dim = 'b'): Graph =>
  body(
    [
      ['s', f32(batch, 4)],
      ['x', f32(batch, 4)],
      ['w', f32(4, 4)],
    ],
    (b, [s, x, w]) => {
      const xw = b.op1('MatMul', [x!, w!]);
      const next = b.op1('Add', [s!, xw]);
      return [
        ['s_next', next],
        ['sum', next],
        ['xw', xw],
      ];
    },
  );

const SUM_ATTRS = { body: runningSum(), numScanInputs: 1, numCaptures: 1, scanInputAxes: [1] };

describe('Scan inference', () => {
  it('final states keep their types; scan outputs get the symbolic length inserted at scanOutputAxes', () => {
    const out = infer([f32('b', 4), f32('b', 'time', 4), f32(4, 4)], { ...SUM_ATTRS, scanOutputAxes: [1, 0] });
    expect(out).toEqual([f32('b', 4), f32('b', 'time', 4), f32('time', 'b', 4)]);
  });

  it('a numeric length, negative output axes, default axes ([] = all 0)', () => {
    expect(infer([f32(2, 4), f32(2, 7, 4), f32(4, 4)], { ...SUM_ATTRS, scanOutputAxes: [-1, 2] })).toEqual([
      f32(2, 4),
      f32(2, 4, 7),
      f32(2, 4, 7),
    ]);
    // Scanned along axis 0 by default: x (7, b, 4) gives slices (b, 4), stacked at axis 0.
    expect(infer([f32('b', 4), f32(7, 'b', 4), f32(4, 4)], { body: runningSum(), numScanInputs: 1, numCaptures: 1 })).toEqual([
      f32('b', 4),
      f32(7, 'b', 4),
      f32(7, 'b', 4),
    ]);
  });

  it('outputs use the outer dims where the body declares a symbol (body b, outer 3 or batch)', () => {
    const attrs = { ...SUM_ATTRS, scanOutputAxes: [1, 1] };
    expect(infer([f32(3, 4), f32(3, 'time', 4), f32(4, 4)], attrs)).toEqual([f32(3, 4), f32(3, 'time', 4), f32(3, 'time', 4)]);
    expect(infer([f32('batch', 4), f32('batch', 'time', 4), f32(4, 4)], attrs)).toEqual([
      f32('batch', 4),
      f32('batch', 'time', 4),
      f32('batch', 'time', 4),
    ]);
  });

  it('two scan inputs: a symbolic length and a numeric one agree, the numeric one wins', () => {
    const g = body(
      [
        ['a', f32(2)],
        ['c', f32(2)],
      ],
      (b, [a, c]) => [['y', b.op1('Add', [a!, c!])]],
    );
    expect(infer([f32('t', 2), f32(5, 2)], { body: g, numScanInputs: 2 })).toEqual([f32(5, 2)]);
    expect(infer([f32(5, 2), f32('t', 2)], { body: g, numScanInputs: 2 })).toEqual([f32(5, 2)]);
  });

  it('rejects an input count that does not match the body inputs, with the counts', () => {
    expectScanError(
      [f32('b', 4), f32('b', 't', 4)],
      { ...SUM_ATTRS, numCaptures: 0 },
      'the body takes 3 inputs, the Scan has 2 (1 states, 1 scan inputs, 0 captures)',
    );
    expectScanError(
      [f32('b', 4), f32('b', 't', 4), f32(4, 4), f32(4, 4)],
      SUM_ATTRS,
      'the body takes 3 inputs, the Scan has 4 (2 states, 1 scan inputs, 1 captures)',
    );
  });

  it('rejects counts that do not fit the inputs', () => {
    expectScanError(
      [f32('b', 't', 4)],
      { ...SUM_ATTRS, numScanInputs: 1, numCaptures: 1 },
      '1 inputs cannot hold 1 scan inputs and 1 captures',
    );
    expectScanError([f32('b', 4), f32('b', 't', 4), f32(4, 4)], { ...SUM_ATTRS, numScanInputs: 0 }, 'cannot hold 0 scan inputs');
  });

  it('rejects a body with params: weights must come in as captures', () => {
    const b = new GraphBuilder('body');
    const s = b.input('s', f32('b', 4));
    const x = b.input('x', f32('b', 4));
    const w = b.param('kernel', f32(4, 4), 'glorotUniform');
    const next = b.op1('Add', [s, b.op1('MatMul', [x, w])]);
    b.output('s_next', next);
    expectScanError(
      [f32('b', 4), f32('b', 't', 4)],
      { body: b.build(), numScanInputs: 1, scanInputAxes: [1] },
      "the body must take weights as captures, not params (it has 'kernel')",
    );
  });

  it('rejects a body input of another type, naming the body input and both types', () => {
    // slice of x is (b, 5), the body's x is (b, 4)
    expectScanError([f32('b', 4), f32('b', 't', 5), f32(4, 4)], SUM_ATTRS, "body input 'x' is float32[b, 4], the Scan gives float32[b, 5]");
    // a capture of another shape
    expectScanError([f32('b', 4), f32('b', 't', 4), f32(4, 3)], SUM_ATTRS, "body input 'w' is float32[4, 4], the Scan gives float32[4, 3]");
    // a state of another dtype
    expectScanError([i32('b', 4), f32('b', 't', 4), f32(4, 4)], SUM_ATTRS, "body input 's' is float32[b, 4], the Scan gives int32[b, 4]");
    // a state of another rank
    expectScanError(
      [f32('b', 4, 1), f32('b', 't', 4), f32(4, 4)],
      SUM_ATTRS,
      "body input 's' is float32[b, 4], the Scan gives float32[b, 4, 1]",
    );
  });

  it('rejects scan inputs of different lengths, with both lengths', () => {
    const g = body(
      [
        ['a', f32(2)],
        ['c', f32(2)],
      ],
      (b, [a, c]) => [['y', b.op1('Add', [a!, c!])]],
    );
    expectScanError([f32(3, 2), f32(4, 2)], { body: g, numScanInputs: 2 }, 'scan inputs have lengths 3 and 4');
    // the lengths of differently-scanned axes
    expectScanError([f32(3, 2), f32(2, 4)], { body: g, numScanInputs: 2, scanInputAxes: [0, 1] }, 'scan inputs have lengths 3 and 4');
  });

  it('rejects a body state output whose type differs from its initial state', () => {
    const g = body(
      [
        ['s', f32('b', 4)],
        ['x', f32('b', 4)],
      ],
      (b, [s, x]) => [['s_next', b.op1('ReduceSum', [b.op1('Add', [s!, x!])], { axes: [1] })]],
    );
    expectScanError(
      [f32('b', 4), f32('b', 't', 4)],
      { body: g, numScanInputs: 1, scanInputAxes: [1] },
      "body state output 's_next' is float32[b, 1], its initial state is float32[b, 4]",
    );
  });

  it('rejects a body with fewer outputs than states', () => {
    const g = body(
      [
        ['s', f32(4)],
        ['p', f32(4)],
        ['x', f32(4)],
      ],
      (b, [s, , x]) => [['s_next', b.op1('Add', [s!, x!])]],
    );
    expectScanError([f32(4), f32(4), f32(3, 4)], { body: g, numScanInputs: 1 }, 'the body returns 1 outputs, fewer than its 2 states');
  });

  it('rejects a scan axis out of range', () => {
    expectScanError([f32('b', 4), f32('b', 't', 4), f32(4, 4)], { ...SUM_ATTRS, scanInputAxes: [3] }, 'axis 3 is out of range for rank 3');
    expectScanError(
      [f32('b', 4), f32('b', 't', 4), f32(4, 4)],
      { ...SUM_ATTRS, scanOutputAxes: [0, 3] },
      'axis 3 is out of range for rank 3',
    );
  });

  it('rejects direction values other than 0 and 1, and axis/direction lists of the wrong length', () => {
    const ins = [f32('b', 4), f32('b', 't', 4), f32(4, 4)];
    expectScanError(ins, { ...SUM_ATTRS, scanInputDirections: [2] }, 'scanInputDirections', 'entries must be 0 or 1, got 2');
    expectScanError(ins, { ...SUM_ATTRS, scanOutputDirections: [0, -1] }, 'scanOutputDirections', 'got -1');
    expectScanError(ins, { ...SUM_ATTRS, scanInputAxes: [1, 1] }, 'scanInputAxes has 2 entries, expected 0 or 1');
    expectScanError(ins, { ...SUM_ATTRS, scanOutputAxes: [1] }, 'scanOutputAxes has 1 entries, expected 0 or 2');
  });

  it('rejects a missing graph attribute or a non-graph body', () => {
    expect(errorOf(() => resolveAttrs('Scan', { numScanInputs: 1 }, WHERE))).toContain("attribute 'body' is required");
    // Attributes read from JSON are untyped: a number where a graph belongs.
    const fromJson: Partial<AttrsOf<'Scan'>> = JSON.parse('{ "body": 5, "numScanInputs": 1 }');
    expect(errorOf(() => resolveAttrs('Scan', fromJson, WHERE))).toContain("attribute 'body' must be graph");
  });
});

/** An outer graph: y = running sum of x @ w (w a weight captured by the body), plus the stacked steps. */
function graphWithScan(): Graph {
  const b = new GraphBuilder('outer');
  const x = b.input('x', f32('batch', 'time', 4));
  const s0 = b.input('s0', f32('batch', 4));
  const w = b.param('w', f32(4, 4), 'glorotUniform');
  const outs = b.op('Scan', [s0, x, w], {
    body: runningSum('batch'),
    numScanInputs: 1,
    numCaptures: 1,
    scanInputAxes: [1],
    scanOutputAxes: [1, 1],
  });
  b.output('final', outs[0]!);
  b.output('sums', outs[1]!);
  b.output('steps', outs[2]!);
  return b.build();
}

describe('a graph with a Scan', () => {
  it('verifies, with the stacked outputs typed', () => {
    const g = graphWithScan();
    const types = verifyGraph(g);
    expect(types.get('final')).toEqual(f32('batch', 4));
    expect(types.get('sums')).toEqual(f32('batch', 'time', 4));
    expect(g.outputs.map((o) => o.type)).toEqual([f32('batch', 4), f32('batch', 'time', 4), f32('batch', 'time', 4)]);
  });

  it('round-trips through graphToJSON / JSON text / graphFromJSON losslessly, body included', () => {
    const g = graphWithScan();
    const text = JSON.stringify(graphToJSON(g));
    const again = graphFromJSON(text);
    expect(again).toEqual(g);
    expect(graphToJSON(again)).toEqual(graphToJSON(g));
    const node = again.nodes.find((n) => n.op === 'Scan');
    expect(node?.op).toBe('Scan');
    if (node?.op === 'Scan') {
      expect(node.attrs.body).toEqual(runningSum('batch'));
      expect(node.attrs.body.inputs.map((v) => v.name)).toEqual(['s', 'x', 'w']);
    }
  });

  it('round-trips a nested Scan whose inner body holds a Constant tensor (with -0 and NaN)', () => {
    const inner = body(
      [
        ['s', f32(2)],
        ['v', f32(2)],
      ],
      (b, [s, v]) => {
        const c = b.constant(tensor([-0, Number.NaN], [2]));
        const next = b.op1('Add', [s!, b.op1('Mul', [v!, c])]);
        return [['s_next', next]];
      },
      'inner',
    );
    const outer = body(
      [
        ['s', f32(2)],
        ['slice', f32(3, 2)],
      ],
      (b, [s, slice]) => {
        const [next] = b.op('Scan', [s!, slice!], { body: inner, numScanInputs: 1 });
        return [
          ['s_next', next!],
          ['y', next!],
        ];
      },
      'outer',
    );
    const b = new GraphBuilder('g');
    const s = b.input('s', f32(2));
    const x = b.input('x', f32('t', 3, 2));
    const [final, ys] = b.op('Scan', [s, x], { body: outer, numScanInputs: 1 });
    b.output('final', final!);
    b.output('ys', ys!);
    const g = b.build();
    const again = graphFromJSON(JSON.stringify(graphToJSON(g)));
    expect(graphToJSON(again)).toEqual(graphToJSON(g));
    const outerNode = again.nodes.find((n) => n.op === 'Scan');
    const innerNode = outerNode?.op === 'Scan' ? outerNode.attrs.body.nodes.find((n) => n.op === 'Scan') : undefined;
    const constant = innerNode?.op === 'Scan' ? innerNode.attrs.body.nodes.find((n) => n.op === 'Constant') : undefined;
    expect(constant?.op === 'Constant' && Array.from(constant.attrs.value.data)).toEqual([-0, Number.NaN]);
    expect(constant?.op === 'Constant' && Object.is(constant.attrs.value.data[0], -0)).toBe(true);
  });

  it('graphFromJSON re-verifies the body: a body edited to a wrong type fails', () => {
    const json = JSON.parse(JSON.stringify(graphToJSON(graphWithScan()))) as {
      graph: { nodes: { op: string; attrs: { body: { inputs: { type: { shape: unknown[] } }[] } } }[] };
    };
    const scan = json.graph.nodes.find((n) => n.op === 'Scan')!;
    scan.attrs.body.inputs[2]!.type.shape = [4, 5];
    expect(errorOf(() => graphFromJSON(json))).toContain("body input 'w' is float32[4, 5], the Scan gives float32[4, 4]");
  });
});
