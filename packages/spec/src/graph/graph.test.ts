import { describe, it, expect } from 'vitest';
import { LayerspecError } from '../errors.js';
import { tensor } from '../tensor.js';
import { errorOf } from '../testing/helpers.js';
import type { Dim, TensorType } from '../types.js';
import { GraphBuilder } from './builder.js';
import { graphFromJSON, graphToJSON } from './serialize.js';
import { outputValue, type Graph, type GraphNode, type GraphParam, type GraphValue } from './types.js';
import { verifyGraph } from './verify.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });
const i32 = (...shape: Dim[]): TensorType => ({ dtype: 'int32', shape });

/** A small valid graph: y = softmax(x @ w + b), named outputs y and s. */
function smallGraph(): Graph {
  const b = new GraphBuilder('g');
  const x = b.input('x', f32('batch', 3));
  const w = b.param('w', f32(3, 4), 'glorotUniform');
  const bias = b.param('bias', f32(4), 'zeros');
  const y = b.op1('Add', [b.op1('MatMul', [x, w]), bias]);
  b.output('y', y);
  b.output('s', b.op1('Softmax', [y]));
  return b.build();
}

/** Shapes a hand-made node may have in a broken graph: any op name, any attributes. */
interface LooseNode {
  readonly op: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly attrs: object;
  readonly outputs: readonly string[];
}
interface LooseValue {
  readonly name: string;
  readonly type: { readonly dtype: string; readonly shape: readonly (number | string)[] };
}

const node = (n: LooseNode): GraphNode => n as GraphNode;
const value = (v: LooseValue): GraphValue => v as GraphValue;

/** The base graph with some parts replaced. */
function withParts(parts: Partial<Graph>): Graph {
  return { ...smallGraph(), ...parts };
}

describe('GraphBuilder', () => {
  it('records inputs, params, nodes and outputs in order, with inferred types', () => {
    const g = smallGraph();
    expect(g.name).toBe('g');
    expect(g.inputs).toEqual([{ name: 'x', type: f32('batch', 3) }]);
    expect(g.params).toEqual([
      { name: 'w', type: f32(3, 4), init: { name: 'glorotUniform' } },
      { name: 'bias', type: f32(4), init: { name: 'zeros' } },
    ]);
    expect(g.outputs).toEqual([
      { name: 'y', type: f32('batch', 4) },
      { name: 's', type: f32('batch', 4) },
    ]);
    expect(g.nodes.map((n) => n.op)).toEqual(['MatMul', 'Add', 'Identity', 'Softmax', 'Identity']);
    expect(g.nodes[0]).toEqual({ op: 'MatMul', name: 'MatMul_0', inputs: ['x', 'w'], attrs: {}, outputs: ['MatMul_0'] });
    expect(g.nodes[3]).toEqual({ op: 'Softmax', name: 'Softmax_2', inputs: ['Add_1'], attrs: { axis: -1 }, outputs: ['Softmax_2'] });
    expect(verifyGraph(g).get('s')).toEqual(f32('batch', 4));
  });

  it('returns the inferred type of each value, known values included', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32('b', 't', 8));
    const s = b.op1('Shape', [x], { start: 1 });
    expect(s.type).toEqual({ dtype: 'int32', shape: [2], value: ['t', 8] });
    expect(b.ints([2, 4]).type).toEqual({ dtype: 'int32', shape: [2], value: [2, 4] });
    expect(b.scalar(true, 'bool').type).toEqual({ dtype: 'bool', shape: [] });
    expect(b.scalar(0.5).type).toEqual(f32());
  });

  it('prefixes param and node names with nested scopes, and restores the prefix', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2, 3));
    const inner = b.scope('encoder', () =>
      b.scope('attention', () => {
        expect(b.prefix).toBe('encoder/attention/');
        const w = b.param('kernel', f32(3, 3), 'orthogonal');
        return b.op1('MatMul', [x, w]);
      }),
    );
    expect(b.prefix).toBe('');
    const w2 = b.scope('decoder', () => b.param('kernel', f32(3, 3), 'zeros'));
    expect(w2.name).toBe('decoder/kernel');
    expect(inner.name).toBe('encoder/attention/MatMul_0');
    b.output('y', inner);
    const g = b.build();
    expect(g.params.map((p) => p.name)).toEqual(['encoder/attention/kernel', 'decoder/kernel']);
    expect(g.nodes[0]!.name).toBe('encoder/attention/MatMul_0');
  });

  it('pops a scope even when its body throws', () => {
    const b = new GraphBuilder('g');
    expect(() => b.scope('broken', () => b.param('w', f32('n'), 'zeros'))).toThrow(LayerspecError);
    expect(b.prefix).toBe('');
  });

  it('does not prefix graph inputs or outputs', () => {
    const b = new GraphBuilder('g');
    b.scope('s', () => b.output('out', b.input('in', f32(1))));
    const g = b.build();
    expect(g.inputs[0]!.name).toBe('in');
    expect(g.outputs[0]!.name).toBe('out');
  });

  it('rejects duplicate names: input, param, output, and the same param twice in one scope', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2));
    expect(errorOf(() => b.input('x', f32(3)))).toBe("g: the name 'x' is used twice");
    expect(errorOf(() => b.param('x', f32(2), 'zeros'))).toBe("g: the name 'x' is used twice");
    b.scope('a', () => b.param('w', f32(2), 'zeros'));
    expect(errorOf(() => b.scope('a', () => b.param('w', f32(2), 'zeros')))).toBe("g: the name 'a/w' is used twice");
    b.output('y', x);
    expect(errorOf(() => b.output('y', x))).toBe("g: the output 'y' is named twice");
    expect(errorOf(() => b.param('y', f32(2), 'zeros'))).toBe("g: the name 'y' is used twice");
    expect(errorOf(() => b.input('', f32(1)))).toContain('must not be empty');
  });

  it("lets an output share an input's name (a cell's state_h in and out) through a renamed value", () => {
    const b = new GraphBuilder('cell');
    const h = b.input('state_h', f32('b', 3));
    b.output('state_h', b.op1('Tanh', [h]));
    const g = b.build();
    expect(g.outputs).toEqual([{ name: 'state_h', type: f32('b', 3), value: 'state_h:next' }]);
    expect(outputValue(g.outputs[0]!)).toBe('state_h:next');
    expect(graphFromJSON(JSON.parse(JSON.stringify(graphToJSON(g))))).toEqual(g);
  });

  it('rejects a weight with a symbolic dim', () => {
    const b = new GraphBuilder('g');
    expect(errorOf(() => b.scope('q', () => b.param('kernel', f32(3, 'h'), 'zeros')))).toBe(
      "g: weight 'q/kernel' must have a static shape, got dim 'h'",
    );
  });

  it('names the node and op in every op error', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2, 3));
    const n = b.input('n', i32(2, 3));
    expect(errorOf(() => b.op1('Add', [x, n]))).toBe("g: node 'Add_0' (Add): inputs must share a dtype, got float32 and int32");
    expect(errorOf(() => b.scope('enc', () => b.op1('MatMul', [x, x])))).toBe(
      "g: node 'enc/MatMul_1' (MatMul): inner dims differ: A [2, 3] and B [2, 3] (3 vs 2)",
    );
    expect(errorOf(() => b.op1('Softmax', [x], { axis: 5 }))).toBe("g: node 'Softmax_2' (Softmax): axis 5 is out of range for rank 2");
    expect(errorOf(() => b.op1('Reshape', [x], { shape: [4] }))).toContain("g: node 'Reshape_3' (Reshape): cannot reshape [2, 3] to [4]");
    expect(errorOf(() => b.op1('Tanh', [n]))).toContain("g: node 'Tanh_4' (Tanh): input 'X' must be float32, got int32[2, 3]");
  });

  it('does not add a node that failed', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2));
    expect(() => b.op1('Softmax', [x], { axis: 3 })).toThrow(LayerspecError);
    b.output('y', b.op1('Neg', [x]));
    expect(b.build().nodes.map((n) => n.op)).toEqual(['Neg', 'Identity']);
  });

  it('builds constants from host tensors', () => {
    const b = new GraphBuilder('g');
    const c = b.constant(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(c.type).toEqual(f32(2, 2));
    b.output('c', c);
    const g = b.build();
    expect(g.nodes[0]!.op).toBe('Constant');
  });
});

describe('verifyGraph on hand-made graphs', () => {
  const good = smallGraph();
  const addNode = (inputs: string[], outputs: string[] = ['z'], name = 'bad'): GraphNode => ({
    op: 'Add',
    name,
    inputs,
    attrs: {},
    outputs,
  });

  it('accepts what the builder made and returns every type', () => {
    const types = verifyGraph(good);
    expect(types.get('x')).toEqual(f32('batch', 3));
    expect(types.get('w')).toEqual(f32(3, 4));
    expect(types.get('MatMul_0')).toEqual(f32('batch', 4));
  });

  it('rejects an input that is never defined, naming the node', () => {
    const g = withParts({ nodes: [...good.nodes, addNode(['nope', 'x'])] });
    expect(errorOf(() => verifyGraph(g))).toBe("g: node 'bad' (Add): input 'nope' is not defined before this node");
  });

  it('rejects an input used before the node that defines it', () => {
    const g = withParts({ nodes: [addNode(['MatMul_0', 'bias'], ['early']), ...good.nodes] });
    expect(errorOf(() => verifyGraph(g))).toBe("g: node 'bad' (Add): input 'MatMul_0' is not defined before this node");
  });

  it('rejects a value defined twice, naming the node that redefines it', () => {
    const g = withParts({ nodes: [...good.nodes, addNode(['x', 'x'], ['y'], 'again')] });
    expect(errorOf(() => verifyGraph(g))).toBe("g: node 'again' (Add): the name 'y' is defined twice");
    const clash = withParts({ params: [...good.params, { name: 'x', type: f32(1), init: { name: 'zeros' } }] });
    expect(errorOf(() => verifyGraph(clash))).toBe("g: weight 'x': the name 'x' is defined twice");
  });

  it('rejects an unknown op, naming the node', () => {
    const g = withParts({ nodes: [...good.nodes, node({ op: 'Softplus', name: 'sp', inputs: ['x'], attrs: {}, outputs: ['sp'] })] });
    expect(errorOf(() => verifyGraph(g))).toBe("g: node 'sp' (Softplus): unknown op 'Softplus'");
  });

  it('rejects bad attributes, naming the node', () => {
    const bad = (attrs: object): string => {
      const n = node({ op: 'Softmax', name: 'sm', inputs: ['x'], attrs, outputs: ['sm'] });
      return errorOf(() => verifyGraph(withParts({ nodes: [...good.nodes, n] })));
    };
    expect(bad({ axis: 1.5 })).toBe("g: node 'sm' (Softmax): attribute 'axis' must be int, got 1.5");
    expect(bad({ axis: '1' })).toContain("g: node 'sm' (Softmax): attribute 'axis' must be int");
    expect(bad({ axis: 1, dim: 2 })).toBe("g: node 'sm' (Softmax): unknown attribute 'dim' (Softmax takes axis)");
    expect(bad({ axis: 7 })).toBe("g: node 'sm' (Softmax): axis 7 is out of range for rank 2");
    const reshape = node({ op: 'Reshape', name: 'r', inputs: ['x'], attrs: {}, outputs: ['r'] });
    expect(errorOf(() => verifyGraph(withParts({ nodes: [...good.nodes, reshape] })))).toContain(
      "g: node 'r' (Reshape): attribute 'shape' is required",
    );
  });

  it('rejects ill-typed nodes and wrong output counts, naming the node', () => {
    const ints: GraphValue = { name: 'n', type: i32('batch', 3) };
    const g = withParts({ inputs: [...good.inputs, ints], nodes: [...good.nodes, addNode(['x', 'n'])] });
    expect(errorOf(() => verifyGraph(g))).toBe("g: node 'bad' (Add): inputs must share a dtype, got float32 and int32");
    const two = withParts({ nodes: [...good.nodes, addNode(['x', 'x'], ['p', 'q'])] });
    expect(errorOf(() => verifyGraph(two))).toBe("g: node 'bad' (Add): Add has 1 outputs, the node names 2");
  });

  it('rejects an output declared with the wrong type, naming the output and both types', () => {
    const wrongShape = withParts({ outputs: [{ name: 'y', type: f32('batch', 5) }] });
    expect(errorOf(() => verifyGraph(wrongShape))).toBe("g: output 'y': declared float32[batch, 5], inferred float32[batch, 4]");
    const wrongDtype = withParts({ outputs: [{ name: 's', type: i32('batch', 4) }] });
    expect(errorOf(() => verifyGraph(wrongDtype))).toBe("g: output 's': declared int32[batch, 4], inferred float32[batch, 4]");
    const wrongRank = withParts({ outputs: [{ name: 'y', type: f32(4) }] });
    expect(errorOf(() => verifyGraph(wrongRank))).toContain("output 'y': declared float32[4]");
  });

  it('rejects an output nothing produces', () => {
    expect(errorOf(() => verifyGraph(withParts({ outputs: [{ name: 'ghost', type: f32(1) }] })))).toBe(
      "g: output 'ghost': no node produces it",
    );
  });

  it('rejects bad input and weight types', () => {
    const dtype = withParts({ inputs: [value({ name: 'x', type: { dtype: 'float64', shape: ['batch', 3] } })] });
    expect(errorOf(() => verifyGraph(dtype))).toBe("g: input 'x': unknown dtype 'float64'");
    for (const d of [-1, 1.5, '']) {
      const dim = withParts({ inputs: [value({ name: 'x', type: { dtype: 'float32', shape: [d, 3] } })] });
      expect(errorOf(() => verifyGraph(dim))).toBe(`g: input 'x': invalid dim ${JSON.stringify(d)}`);
    }
    const symbolic: GraphParam = { name: 'w', type: f32('n', 4), init: { name: 'zeros' } };
    expect(errorOf(() => verifyGraph(withParts({ params: [symbolic, good.params[1]!] })))).toBe(
      "g: weight 'w': weights must have static shapes",
    );
  });

  it('rejects an empty value name', () => {
    expect(errorOf(() => verifyGraph(withParts({ inputs: [{ name: '', type: f32('batch', 3) }] })))).toContain('empty name');
  });
});

/** Every float32 bit pattern worth keeping: NaN, infinities, -0, the smallest subnormal, the extremes. */
