import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import { scheduleGraph } from '../graph/schedule.js';
import { MultiHeadAttention } from '../layers/multi-head-attention.js';
import { foldWeightNodes } from './weight-fold.js';

describe('foldWeightNodes', () => {
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).build(
    {
      query: { dtype: 'float32', shape: ['b', 1, 8] },
      value: { dtype: 'float32', shape: ['b', 1, 8] },
      past_key: { dtype: 'float32', shape: ['b', 2, 'p', 4] },
      past_value: { dtype: 'float32', shape: ['b', 2, 'p', 4] },
    },
    { useCausalMask: true, cache: true },
  );

  it('splits off what the weights alone determine; the rest reads it as weights of the same names', () => {
    const fold = foldWeightNodes(mha)!;
    expect(fold).toBeDefined();
    const { prep, main } = fold;
    // Every node lands in exactly one of the two graphs (Constant nodes stay in main, copied to prep).
    const inMain = new Set(main.nodes);
    const folded = prep.nodes.filter((n) => n.op !== 'Constant');
    expect(folded.length).toBeGreaterThan(0);
    expect(folded.every((n) => !inMain.has(n))).toBe(true);
    expect(main.nodes.length + folded.length).toBe(mha.nodes.length);
    // prep reads weights only; main reads the inputs, the weights it still needs, and prep's outputs.
    const params = new Set(mha.params.map((p) => p.name));
    expect(prep.inputs.every((v) => params.has(v.name))).toBe(true);
    expect(prep.outputs.map((o) => o.name).every((n) => main.params.some((p) => p.name === n))).toBe(true);
    expect(main.inputs).toEqual(mha.inputs);
    expect(main.outputs).toEqual(mha.outputs);
    // Both schedule (every value they read is defined) and main infers the outputs' types unchanged.
    scheduleGraph(prep);
    const types = scheduleGraph(main).types;
    for (const o of mha.outputs) expect(types.get(o.name)).toEqual(scheduleGraph(mha).types.get(o.name));
    expect(foldWeightNodes(mha)).toBe(fold);
  });

  it('folds nothing that reads an input, a Dropout, or a known shape', () => {
    const b = new GraphBuilder('kept');
    const x = b.input('x', { dtype: 'float32', shape: [2] });
    const w = b.param('w', { dtype: 'float32', shape: [2] }, 'ones');
    b.output('dropped', b.op1('Mul', [x, b.op1('Dropout', [w], { ratio: 0.5 })]));
    b.output('y', b.op1('Expand', [b.op1('Mul', [x, w]), b.op1('Shape', [w])]));
    expect(foldWeightNodes(b.build())).toBeUndefined();
    const c = new GraphBuilder('folded');
    const v = c.param('v', { dtype: 'float32', shape: [2] }, 'ones');
    c.output('y', c.op1('Mul', [c.input('x', { dtype: 'float32', shape: [2] }), c.op1('Add', [v, v])]));
    expect(foldWeightNodes(c.build())?.prep.nodes.map((n) => n.op)).toEqual(['Add']);
  });
});
