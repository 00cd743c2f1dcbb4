import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import { chooseComposites } from '../graph/choose-composites.js';
import type { Graph, GraphNode } from '../graph/types.js';
import { verifyGraph } from '../graph/verify.js';
import { MultiHeadAttention } from '../layers/multi-head-attention.js';
import { TransformerEncoder } from '../layers/transformer-encoder.js';
import type { Dim, TensorType } from '../types.js';
import { fuseSiblingProjections } from './fuse-sibling-projections.js';
import { optimizeGraph } from './pipeline.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });
const ops = (g: Graph, op: string): GraphNode[] => g.nodes.filter((n) => n.op === op);
const producer = (g: Graph, value: string): GraphNode | undefined => g.nodes.find((n) => n.outputs.includes(value));

/** MultiHeadAttention over one input `x` (self-attention): its three projections read the same value. */
function selfAttention(useBias = true): Graph {
  const b = new GraphBuilder('self');
  const x = b.input('x', f32('b', 5, 8));
  const out = new MultiHeadAttention({ numHeads: 2, keyDim: 4, valueDim: 3, useBias }).call(b, { query: x, value: x }, {}, 'mha');
  b.output('y', out['output']!);
  return b.build();
}

/** `x @ w_i (+ bias_i)` for each given width, each returned. */
function projections(widths: number[], opts: { bias?: boolean; lefts?: string[]; extraReader?: number } = {}): Graph {
  const b = new GraphBuilder('proj');
  const inputs = new Map<string, ReturnType<GraphBuilder['input']>>();
  widths.forEach((n, i) => {
    const name = opts.lefts?.[i] ?? 'x';
    if (!inputs.has(name)) inputs.set(name, b.input(name, f32('b', 3, 6)));
    const p = inputs.get(name)!.matMul(b.param(`w${i}`, f32(6, n), 'glorotUniform'));
    if (opts.extraReader === i) b.output(`raw${i}`, p.tanh());
    b.output(`y${i}`, opts.bias ? p.add(b.param(`b${i}`, f32(n), 'glorotUniform')) : p);
  });
  return b.build();
}

describe('fuse-sibling-projections', () => {
  it("joins self-attention's query, key and value projections into one product and slices it back", () => {
    const plain = selfAttention();
    expect(ops(plain, 'MatMul').filter((n) => n.inputs[0] === 'x')).toHaveLength(3);
    const g = fuseSiblingProjections(plain);
    verifyGraph(g);
    const fromX = ops(g, 'MatMul').filter((n) => n.inputs[0] === 'x');
    expect(fromX).toHaveLength(1);
    const weights = producer(g, fromX[0]!.inputs[1]!)!;
    expect(weights.op).toBe('Concat');
    expect(weights.inputs.map((v) => producer(g, v)?.inputs[0])).toEqual(['mha/query/kernel', 'mha/key/kernel', 'mha/value/kernel']);
    // The biases join too, and each projection is read again under its own name, from its columns.
    const slices = ops(g, 'Slice');
    expect(slices.map((n) => (n.op === 'Slice' ? [n.attrs.starts[0], n.attrs.ends[0]] : []))).toEqual([
      [0, 8],
      [8, 16],
      [16, 22],
    ]);
    expect(slices.map((n) => n.outputs[0])).toEqual(plain.composites![0]!.inputs.slice(0, 3));
    expect(producer(g, slices[0]!.inputs[0]!)?.op).toBe('Add');
    expect(fuseSiblingProjections(g)).toBe(g);
  });

  it('joins products without biases', () => {
    const g = fuseSiblingProjections(selfAttention(false));
    expect(ops(g, 'MatMul').filter((n) => n.inputs[0] === 'x')).toHaveLength(1);
    expect(ops(g, 'Add')).toHaveLength(0);
    expect(ops(g, 'Slice')).toHaveLength(3);
  });

  it('keeps the attention region whole when it is pinned, and joins the projections around it', () => {
    const pinned = chooseComposites(selfAttention(), 'Attention', () => true);
    const g = fuseSiblingProjections(pinned);
    verifyGraph(g);
    expect(g.composites).toEqual(pinned.composites);
    expect(ops(g, 'MatMul').filter((n) => n.inputs[0] === 'x')).toHaveLength(1);
  });

  it('joins only the key and value projections of cross-attention (query and value differ)', () => {
    const plain = new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).build({ query: f32('b', 5, 8), value: f32('b', 7, 8) });
    const g = fuseSiblingProjections(plain);
    verifyGraph(g);
    expect(ops(g, 'MatMul').filter((n) => n.inputs[0] === 'query')).toHaveLength(1);
    expect(ops(g, 'MatMul').filter((n) => n.inputs[0] === 'value')).toHaveLength(1);
    expect(ops(g, 'Slice').map((n) => n.outputs[0])).toEqual(plain.composites![0]!.inputs.slice(1, 3));
  });

  it('joins the self-attention projections of a TransformerEncoder', () => {
    const plain = new TransformerEncoder({ intermediateDim: 16, numHeads: 2 }).build({ input: f32('b', 5, 8) });
    const before = ops(plain, 'MatMul').length;
    const g = fuseSiblingProjections(plain);
    verifyGraph(g);
    expect(ops(g, 'MatMul')).toHaveLength(before - 2);
  });

  it('does not fire on products of different left operands', () => {
    const plain = projections([4, 5], { bias: true, lefts: ['x', 'z'] });
    expect(fuseSiblingProjections(plain)).toBe(plain);
  });

  it('does not fire when a right operand is not a weight', () => {
    const b = new GraphBuilder('two');
    const x = b.input('x', f32(3, 6));
    b.output('a', x.matMul(b.input('m', f32(6, 4))));
    b.output('c', x.matMul(b.param('w', f32(6, 4), 'glorotUniform')));
    const plain = b.build();
    expect(fuseSiblingProjections(plain)).toBe(plain);
  });

  it('does not fire on a weight of rank 3 or a bias that broadcasts', () => {
    const b = new GraphBuilder('ranks');
    const x = b.input('x', f32(2, 3, 6));
    b.output('a', x.matMul(b.param('w3', f32(2, 6, 4), 'glorotUniform')));
    b.output('c', x.matMul(b.param('w', f32(6, 4), 'glorotUniform')));
    const plain = b.build();
    expect(fuseSiblingProjections(plain)).toBe(plain);
    // A (1) bias broadcasts over the columns: the products join, the Adds stay after the slices.
    const c = new GraphBuilder('broadcast');
    const y = c.input('x', f32(3, 6));
    for (const i of [0, 1])
      c.output(`y${i}`, y.matMul(c.param(`w${i}`, f32(6, 4), 'glorotUniform')).add(c.param(`b${i}`, f32(1), 'zeros')));
    const g = fuseSiblingProjections(c.build());
    verifyGraph(g);
    expect(ops(g, 'MatMul')).toHaveLength(1);
    expect(ops(g, 'Add').map((n) => producer(g, n.inputs[0]!)?.op)).toEqual(['Slice', 'Slice']);
  });

  it('leaves out a product also read elsewhere when the others join with their biases', () => {
    const two = projections([4, 5], { bias: true, extraReader: 0 });
    expect(fuseSiblingProjections(two)).toBe(two);
    const three = projections([4, 5, 3], { bias: true, extraReader: 1 });
    const g = fuseSiblingProjections(three);
    verifyGraph(g);
    const fromX = ops(g, 'MatMul');
    expect(fromX).toHaveLength(2);
    expect(fromX.some((n) => n.inputs[1] === 'w1')).toBe(true);
    // The biased projections of w0 and w2, read again under their own names.
    const biased = (w: string) => ops(three, 'Add').find((a) => producer(three, a.inputs[0]!)?.inputs[1] === w)!.outputs[0];
    expect(ops(g, 'Slice').map((n) => n.outputs[0])).toEqual([biased('w0'), biased('w2')]);
  });

  it('runs only where a backend asks for it (a device pass)', () => {
    const plain = selfAttention();
    expect(ops(optimizeGraph(plain), 'Slice')).toHaveLength(0);
    const g = optimizeGraph(plain, { devicePasses: ['fuse-sibling-projections'] });
    expect(ops(g, 'Slice')).toHaveLength(3);
    // After fold-scale-into-weights: the query kernel joins as the scaled kernel.
    const joined = producer(g, ops(g, 'MatMul').find((n) => n.inputs[0] === 'x')!.inputs[1]!)!;
    expect(producer(g, joined.inputs[0]!)?.op).toBe('Mul');
  });
});
