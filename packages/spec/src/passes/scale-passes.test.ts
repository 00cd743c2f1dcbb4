import { describe, expect, it } from 'vitest';
import { LayerspecError } from '../errors.js';
import { GraphBuilder } from '../graph/builder.js';
import { buildScan } from '../graph/scan-builder.js';
import type { Graph, GraphNode } from '../graph/types.js';
import { verifyGraph } from '../graph/verify.js';
import { LayerNormalization } from '../layers/layer-normalization.js';
import { MultiHeadAttention } from '../layers/multi-head-attention.js';
import { ScaledDotProductAttention } from '../layers/scaled-dot-product-attention.js';
import type { Dim, TensorType } from '../types.js';
import { foldScaleIntoWeights } from './fold-scale-into-weights.js';
import { PASS_NAMES, optimizeGraph, selectedPasses, type PassName } from './pipeline.js';
import { scaleBeforeProduct } from './scale-before-product.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });

const producer = (g: Graph, value: string): GraphNode | undefined => g.nodes.find((n) => n.outputs.includes(value));
/** The Mul nodes whose other input is a scalar Constant, as [what they scale, the scale]. */
function scalarMuls(g: Graph): [GraphNode | undefined, number][] {
  const out: [GraphNode | undefined, number][] = [];
  for (const n of g.nodes) {
    if (n.op !== 'Mul') continue;
    const c = producer(g, n.inputs[1]!);
    if (c?.op === 'Constant' && c.attrs.value.shape.length === 0) out.push([producer(g, n.inputs[0]!), c.attrs.value.data[0]!]);
  }
  return out;
}

const sdpa = (): Graph =>
  new ScaledDotProductAttention().build({ query: f32('b', 4, 16), key: f32('b', 'tk', 16), value: f32('b', 'tk', 3) });
const mha = (useBias = true): Graph =>
  new MultiHeadAttention({ numHeads: 2, keyDim: 16, useBias }).build({ query: f32('b', 5, 8), value: f32('b', 7, 8) });

describe('scale-before-product', () => {
  it("moves SDPA's scale from q k^T onto q", () => {
    const plain = sdpa();
    expect(scalarMuls(plain).map(([p, s]) => [p?.op, s])).toEqual([['MatMul', Math.fround(0.25)]]);
    const g = scaleBeforeProduct(plain);
    verifyGraph(g);
    expect(scalarMuls(g)).toEqual([[undefined, Math.fround(0.25)]]);
    const mul = g.nodes.find((n) => n.op === 'Mul')!;
    expect(mul.inputs[0]).toBe('query');
    expect(g.nodes.find((n) => n.op === 'MatMul')!.inputs[0]).toBe(mul.outputs[0]);
    // The Mul and its Constant move before the product: as many nodes as before.
    expect(g.nodes.length).toBe(plain.nodes.length);
  });

  it('leaves a graph without the pattern alone, and does not change its input', () => {
    const ln = new LayerNormalization().build({ input: f32('b', 8) });
    expect(scaleBeforeProduct(ln)).toBe(ln);
    const plain = sdpa();
    const before = JSON.stringify(plain.nodes.map((n) => [n.name, n.inputs]));
    scaleBeforeProduct(plain);
    expect(JSON.stringify(plain.nodes.map((n) => [n.name, n.inputs]))).toBe(before);
  });

  it('keeps the order when the product is read elsewhere too, or when the product is narrower than a', () => {
    const b = new GraphBuilder('shared');
    const p = b.input('a', f32(2, 8)).matMul(b.input('w', f32(8, 4)));
    b.output('scaled', p.mul(b.scalar(0.5)));
    b.output('raw', p.relu());
    const shared = b.build();
    expect(scaleBeforeProduct(shared)).toBe(shared);

    const n = new GraphBuilder('narrow');
    n.output(
      'y',
      n
        .input('a', f32(2, 8))
        .matMul(n.input('w', f32(8, 4)))
        .mul(n.scalar(0.5)),
    );
    const narrow = n.build();
    expect(scaleBeforeProduct(narrow)).toBe(narrow);
  });

  it('rewrites inside a Scan body', () => {
    const b = new GraphBuilder('loop');
    const x = b.input('x', f32(2, 'T', 3));
    const w = b.param('w', f32(3, 3), 'ones');
    const { states } = buildScan(b, {
      states: [{ name: 's', value: b.input('s0', f32(2, 3)) }],
      scanInputs: [{ name: 'xt', value: x }],
      captures: [w],
      step: (body, [s], [xt], [wb]) => ({ states: [body.value(s!).add(body.value(xt!).matMul(wb!).mul(body.scalar(2)))], outputs: [] }),
    });
    b.output('last', states[0]!);
    const g = scaleBeforeProduct(b.build());
    verifyGraph(g);
    const scan = g.nodes.find((n) => n.op === 'Scan');
    const body = scan?.op === 'Scan' ? scan.attrs.body : undefined;
    expect(body && scalarMuls(body)).toEqual([[undefined, 2]]);
  });
});

describe('fold-scale-into-weights', () => {
  it("puts MultiHeadAttention's 1/sqrt(keyDim) into the query kernel and bias", () => {
    const plain = mha();
    // The product (B, H, 5, 7) is narrower than the queries (keyDim 16): only folding pays.
    expect(scaleBeforeProduct(plain)).toBe(plain);
    const g = foldScaleIntoWeights(plain);
    verifyGraph(g);
    const muls = scalarMuls(g);
    expect(muls.map(([p, s]) => [p?.op, p?.inputs[0], s])).toEqual([
      ['Reshape', 'query/kernel', 0.25],
      ['Reshape', 'query/bias', 0.25],
    ]);
    // Nothing multiplies the projected queries any more.
    expect(g.nodes.filter((n) => n.op === 'Mul').length).toBe(2);
  });

  it('folds into the kernel alone without a bias', () => {
    const g = optimizeGraph(mha(false));
    expect(scalarMuls(g).map(([p, s]) => [p?.inputs[0], s])).toEqual([['query/kernel', 0.25]]);
  });

  it('leaves products of graph inputs alone (SDPA has no weights)', () => {
    const g = scaleBeforeProduct(sdpa());
    expect(foldScaleIntoWeights(g)).toBe(g);
  });

  it('does not fold through a value another node reads', () => {
    const b = new GraphBuilder('shared');
    const y = b.input('x', f32('b', 4)).matMul(b.param('w', f32(4, 4), 'ones'));
    b.output('scaled', y.transpose({ perm: [1, 0] }).mul(b.scalar(3)));
    b.output('raw', y);
    const g = b.build();
    expect(foldScaleIntoWeights(g)).toBe(g);
  });
});

describe('optimizeGraph', () => {
  it('runs every pass by default, none with passes: false, the named ones with a list', () => {
    const plain = mha();
    expect(optimizeGraph(plain, { passes: false })).toBe(plain);
    const sdpaPlain = sdpa();
    const only = optimizeGraph(sdpaPlain, { passes: ['scale-before-product'] });
    expect(only).not.toBe(sdpaPlain);
    expect(optimizeGraph(sdpaPlain, { passes: ['fold-scale-into-weights'] })).toBe(sdpaPlain);
    expect(scalarMuls(optimizeGraph(plain)).map(([p]) => p?.op)).toEqual(['Reshape', 'Reshape']);
    expect(selectedPasses()).toEqual(PASS_NAMES.filter((n) => n !== 'exact-trig' && n !== 'fuse-sibling-projections'));
    expect(selectedPasses(true, ['exact-trig'])).toEqual(PASS_NAMES.filter((n) => n !== 'fuse-sibling-projections'));
    expect(selectedPasses(true, ['fuse-sibling-projections', 'exact-trig'])).toEqual(PASS_NAMES);
    expect(selectedPasses(false, ['exact-trig'])).toEqual([]);
    expect(selectedPasses(['scale-before-product', 'fold-scale-into-weights'])).toEqual([
      'fold-scale-into-weights',
      'scale-before-product',
    ]);
  });

  it('names an unknown pass and the known ones', () => {
    // A list read from JSON, where no TypeScript type stops a bad name.
    const names = JSON.parse('["fold-everything"]') as PassName[];
    expect(() => selectedPasses(names)).toThrow(LayerspecError);
    expect(() => selectedPasses(names)).toThrow(
      /unknown pass 'fold-everything' \(known: fold-scale-into-weights, scale-before-product, hoist-loop-invariants,/,
    );
  });
});
