/**
 * AttentionWrapper as a built graph (LAYERS.md "AttentionWrapper"): weights, the Scan, outputs, JSON round
 * trips, and the errors raised before anything runs. Numerical behaviour is checked on the engines.
 */
import { describe, expect, it } from 'vitest';
import { bindRun } from '../../backend/bind.js';
import { initWeights } from '../../init/init-weights.js';
import { errorOf, paramShapes, summary } from '../../testing/helpers.js';
import { f32, bool, zeros, buildError, expectRoundTrip, scanOf, initOf, untyped } from '../../testing/layers.js';
import { LayerNormalization } from '../layer-normalization.js';
import { layerFromJSON } from '../from-json.js';
import { AttentionWrapper } from './attention-wrapper.js';
import { GRUCell } from './gru-cell.js';
import { LSTMCell } from './lstm-cell.js';
import { RNN } from './rnn.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';

describe('AttentionWrapper', () => {
  const ins = { inputs: f32('batch', 'time', 4), memory: f32('batch', 'L', 6) };

  it('bahdanau (default) with an LSTM: cell/... then attention/... weights; cell input size Din + Dm', () => {
    const g = new AttentionWrapper({ cell: new LSTMCell({ units: 3 }), units: 5 }).build(ins);
    expect(summary(g.inputs)).toEqual([
      ['inputs', 'float32', ['batch', 'time', 4]],
      ['memory', 'float32', ['batch', 'L', 6]],
    ]);
    expect(paramShapes(g)).toEqual([
      ['cell/kernel', [10, 12]],
      ['cell/recurrent_kernel', [3, 12]],
      ['cell/bias', [12]],
      ['attention/memory_kernel', [6, 5]],
      ['attention/query_kernel', [3, 5]],
      ['attention/bias', [5]],
      ['attention/v', [5]],
    ]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 'time', 3]]]);
    expect(Array.from(initWeights(g)['cell/bias']!.data)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(initOf(g, 'cell/recurrent_kernel')).toEqual({ name: 'orthogonal' });
    expect(initOf(g, 'attention/bias')).toEqual({ name: 'zeros' });
  });

  it('units defaults to the cell units; memory defaults to the inputs (Dm = Din)', () => {
    const g = new AttentionWrapper({ cell: new GRUCell({ units: 3 }) }).build({ inputs: f32('batch', 'time', 4) });
    expect(paramShapes(g)).toEqual([
      ['cell/kernel', [8, 9]],
      ['cell/recurrent_kernel', [3, 9]],
      ['cell/bias', [2, 9]],
      ['attention/memory_kernel', [4, 3]],
      ['attention/query_kernel', [3, 3]],
      ['attention/bias', [3]],
      ['attention/v', [3]],
    ]);
  });

  it("luong 'dot': no score weights, output_kernel (Dm + u, u); cell input size Din + u", () => {
    const g = new AttentionWrapper({ cell: new LSTMCell({ units: 6 }), mechanism: 'luong', score: 'dot' }).build(ins);
    expect(paramShapes(g)).toEqual([
      ['cell/kernel', [10, 24]],
      ['cell/recurrent_kernel', [6, 24]],
      ['cell/bias', [24]],
      ['attention/output_kernel', [12, 6]],
    ]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 'time', 6]]]);
  });

  it("luong 'general': attention/kernel (u, Dm)", () => {
    const g = new AttentionWrapper({ cell: new SimpleRNNCell({ units: 3 }), mechanism: 'luong', score: 'general' }).build(ins);
    expect(paramShapes(g)).toEqual([
      ['cell/kernel', [7, 3]],
      ['cell/recurrent_kernel', [3, 3]],
      ['cell/bias', [3]],
      ['attention/kernel', [3, 6]],
      ['attention/output_kernel', [9, 3]],
    ]);
  });

  it("luong 'concat': the four additive weights (query from h_t) and output_kernel", () => {
    const g = new AttentionWrapper({
      cell: new GRUCell({ units: 3, resetAfter: false }),
      mechanism: 'luong',
      score: 'concat',
      units: 5,
    }).build(ins);
    expect(paramShapes(g)).toEqual([
      ['cell/kernel', [7, 9]],
      ['cell/recurrent_kernel', [3, 9]],
      ['cell/bias', [9]],
      ['attention/memory_kernel', [6, 5]],
      ['attention/query_kernel', [3, 5]],
      ['attention/bias', [5]],
      ['attention/v', [5]],
      ['attention/output_kernel', [9, 3]],
    ]);
  });

  it('returnSequences false gives (batch, u); returnState adds state_h, state_c; returnAttention adds attention (batch, time, L)', () => {
    const lstm = (): LSTMCell => new LSTMCell({ units: 3 });
    const all = new AttentionWrapper({ cell: lstm(), returnState: true, returnAttention: true }).build(ins);
    expect(summary(all.outputs)).toEqual([
      ['output', 'float32', ['batch', 'time', 3]],
      ['state_h', 'float32', ['batch', 3]],
      ['state_c', 'float32', ['batch', 3]],
      ['attention', 'float32', ['batch', 'time', 'L']],
    ]);
    const last = new AttentionWrapper({ cell: lstm(), returnSequences: false, returnAttention: true }).build(ins);
    expect(summary(last.outputs)).toEqual([
      ['output', 'float32', ['batch', 3]],
      ['attention', 'float32', ['batch', 'time', 'L']],
    ]);
    const gru = new AttentionWrapper({ cell: new GRUCell({ units: 3 }), mechanism: 'luong', score: 'general', returnState: true }).build(
      ins,
    );
    expect(summary(gru.outputs)).toEqual([
      ['output', 'float32', ['batch', 'time', 3]],
      ['state_h', 'float32', ['batch', 3]],
    ]);
    const fixed = new AttentionWrapper({ cell: lstm(), returnAttention: true }).build({ inputs: f32(2, 5, 4), memory: f32(2, 7, 6) });
    expect(summary(fixed.outputs)).toEqual([
      ['output', 'float32', [2, 5, 3]],
      ['attention', 'float32', [2, 5, 7]],
    ]);
  });

  it('with every optional input, in the order given; one Scan, no weights in its body', () => {
    const all = {
      inputs: f32('batch', 'time', 4),
      memory: f32('batch', 'L', 6),
      memory_mask: bool('batch', 'L'),
      initial_state_h: f32('batch', 3),
      initial_state_c: f32('batch', 3),
      sequence_mask: bool('batch', 'time'),
    };
    for (const mechanism of ['bahdanau', 'luong'] as const) {
      const g = new AttentionWrapper({
        cell: new LSTMCell({ units: 3 }),
        mechanism,
        score: 'general',
        returnState: true,
        returnAttention: true,
      }).build(all);
      expect(g.inputs.map((v) => v.name)).toEqual(Object.keys(all));
      expect(summary(g.outputs)).toEqual([
        ['output', 'float32', ['batch', 'time', 3]],
        ['state_h', 'float32', ['batch', 3]],
        ['state_c', 'float32', ['batch', 3]],
        ['attention', 'float32', ['batch', 'time', 'L']],
      ]);
      const scan = scanOf(g);
      expect(scan.body.params).toEqual([]);
      expect(scan.inputs).toContain('memory');
      expect(scan.inputs).toContain('memory_mask');
    }
  });

  it('round-trips through JSON with the nested cell: identical graphs (bahdanau; luong dot, general, concat)', () => {
    const masks = { memory_mask: bool('batch', 'L'), sequence_mask: bool('batch', 'time') };
    expectRoundTrip(
      new AttentionWrapper({ cell: new LSTMCell({ units: 3, unitForgetBias: false }), units: 5, returnState: true, returnAttention: true }),
      { ...ins, ...masks },
    );
    expectRoundTrip(new AttentionWrapper({ cell: new GRUCell({ units: 6 }), mechanism: 'luong', score: 'dot', returnSequences: false }), {
      ...ins,
      ...masks,
    });
    expectRoundTrip(
      new AttentionWrapper({
        cell: new SimpleRNNCell({ units: 3, activation: 'relu' }),
        mechanism: 'luong',
        score: 'general',
        returnAttention: true,
      }),
      ins,
    );
    expectRoundTrip(
      new AttentionWrapper({
        cell: new GRUCell({ units: 3, resetAfter: false }),
        mechanism: 'luong',
        score: 'concat',
        units: 4,
        kernelInitializer: 'orthogonal',
      }),
      ins,
    );
  });

  it('toJSON nests the cell', () => {
    const json = new AttentionWrapper({ cell: new GRUCell({ units: 3 }), mechanism: 'luong', score: 'general' }).toJSON();
    expect(json.className).toBe('AttentionWrapper');
    expect(json.config['cell']).toEqual({ className: 'GRUCell', config: new GRUCell({ units: 3 }).toJSON().config });
    expect(json.config['mechanism']).toBe('luong');
    expect(json.config['score']).toBe('general');
  });

  describe('errors before anything runs', () => {
    const wrap = new AttentionWrapper({ cell: new LSTMCell({ units: 3 }) });

    it('initial states of the wrong size', () => {
      expect(buildError(wrap, { ...ins, initial_state_h: f32('batch', 4) })).toBe(
        "AttentionWrapper: input 'initial_state_h' dim 1 must be 3 (the state size of the cell), got 4 in shape [batch, 4]",
      );
      expect(buildError(wrap, { inputs: f32(2, 5, 4), initial_state_c: f32(3, 3) })).toBe(
        "AttentionWrapper: input 'initial_state_c' dim 0 must be 2 (the batch size of input 'inputs'), got 3 in shape [3, 3]",
      );
    });

    it('sequence_mask of the wrong length or batch', () => {
      expect(buildError(wrap, { inputs: f32(2, 5, 4), sequence_mask: bool(2, 4) })).toBe(
        "AttentionWrapper: input 'sequence_mask' dim 1 must be 5 (the inputs' sequence length), got 4 in shape [2, 4]",
      );
      expect(buildError(wrap, { inputs: f32(2, 5, 4), sequence_mask: bool(3, 5) })).toBe(
        "AttentionWrapper: input 'sequence_mask' dim 0 must be 2 (the batch size of input 'inputs'), got 3 in shape [3, 5]",
      );
    });

    it('memory_mask of the wrong length or batch; memory of the wrong batch', () => {
      expect(buildError(wrap, { inputs: f32(2, 5, 4), memory: f32(2, 7, 6), memory_mask: bool(2, 5) })).toBe(
        "AttentionWrapper: input 'memory_mask' dim 1 must be 7 (the memory's length), got 5 in shape [2, 5]",
      );
      expect(buildError(wrap, { inputs: f32(2, 5, 4), memory: f32(2, 7, 6), memory_mask: bool(3, 7) })).toBe(
        "AttentionWrapper: input 'memory_mask' dim 0 must be 2 (the batch size of input 'inputs'), got 3 in shape [3, 7]",
      );
      // without memory, the memory is the inputs: the mask must have the inputs' length
      expect(buildError(wrap, { inputs: f32(2, 5, 4), memory_mask: bool(2, 7) })).toContain("input 'memory_mask' dim 1 must be 5");
      expect(buildError(wrap, { inputs: f32(2, 5, 4), memory: f32(3, 7, 6) })).toBe(
        "AttentionWrapper: input 'memory' dim 0 must be 2 (the batch size of input 'inputs'), got 3 in shape [3, 7, 6]",
      );
    });

    it("luong 'dot' with a memory size other than the cell units", () => {
      const dot = new AttentionWrapper({ cell: new LSTMCell({ units: 3 }), mechanism: 'luong', score: 'dot' });
      expect(buildError(dot, ins)).toBe(
        "AttentionWrapper: luong 'dot' scores need the memory size (6) to equal the cell units (3); use 'general' or 'concat'",
      );
      expect(buildError(dot, { inputs: f32('batch', 'time', 4) })).toContain('memory size (4)');
    });

    it('rank errors; symbolic feature sizes that size weights', () => {
      expect(buildError(wrap, { inputs: f32('batch', 4) })).toContain("input 'inputs' must have rank 3, got rank 2");
      expect(buildError(wrap, { ...ins, memory: f32('batch', 6) })).toContain("input 'memory' must have rank 3, got rank 2");
      expect(buildError(wrap, { ...ins, memory_mask: bool('batch', 'L', 1) })).toContain(
        "input 'memory_mask' must have rank 2, got rank 3",
      );
      expect(buildError(wrap, { ...ins, initial_state_h: f32(3) })).toContain("input 'initial_state_h' must have rank 2, got rank 1");
      expect(buildError(wrap, { ...ins, memory: f32('batch', 'L', 'dm') })).toBe(
        "AttentionWrapper: input 'memory' dim 2 sizes a weight, so it must be a number, got 'dm'",
      );
      expect(buildError(wrap, { inputs: f32('batch', 'time', 'd') })).toContain("input 'inputs' dim 2 sizes a weight");
      expect(buildError(wrap, { ...ins, memory_mask: f32('batch', 'L') })).toBe(
        "AttentionWrapper: input 'memory_mask' must be bool, got float32[batch, L]",
      );
    });

    it('unknown config key and bad choices', () => {
      const cell = new LSTMCell({ units: 3 }).toJSON();
      expect(errorOf(() => layerFromJSON({ className: 'AttentionWrapper', config: { cell, attentionUnits: 4 } }))).toContain(
        "AttentionWrapper: unknown config key 'attentionUnits' (known: cell, mechanism, units, score,",
      );
      expect(errorOf(() => layerFromJSON({ className: 'AttentionWrapper', config: { cell, mechanism: 'additive' } }))).toBe(
        'AttentionWrapper: config \'mechanism\' must be one of "bahdanau", "luong", got "additive"',
      );
      expect(errorOf(() => layerFromJSON({ className: 'AttentionWrapper', config: { cell, score: 'cosine' } }))).toContain(
        "AttentionWrapper: config 'score' must be one of",
      );
      expect(errorOf(() => layerFromJSON({ className: 'AttentionWrapper', config: { cell, units: 0 } }))).toContain(
        "config 'units' must be >= 1, got 0",
      );
    });

    it('a cell that is not a cell', () => {
      for (const cell of [5, new LayerNormalization(), new RNN({ cell: new LSTMCell({ units: 3 }) })] as unknown[]) {
        expect(errorOf(() => new AttentionWrapper({ cell: untyped(cell) }))).toContain('must be a SimpleRNNCell, LSTMCell or GRUCell');
      }
    });

    it('a cell that is not a cell: the error names the layer and its config key', () => {
      expect(errorOf(() => new AttentionWrapper({ cell: untyped(new LayerNormalization()) }))).toMatch(/^AttentionWrapper: config 'cell' /);
    });

    it('at run time, a memory with another feature size than the graph was built for fails in bindRun, naming it', () => {
      const g = wrap.build({ ...ins, memory_mask: bool('batch', 'L') });
      const w = initWeights(g);
      const ok = { inputs: zeros([2, 5, 4]), memory: zeros([2, 7, 6]), memory_mask: zeros([2, 7], 'bool') };
      expect(bindRun(g, ok, w).get('L')).toBe(7);
      expect(errorOf(() => bindRun(g, { ...ok, memory: zeros([2, 7, 5]) }, w))).toBe(
        "AttentionWrapper: input 'memory' dim 2 must be 6, got 5 (shape [2, 7, 5], expected [batch, L, 6])",
      );
      expect(errorOf(() => bindRun(g, { ...ok, memory_mask: zeros([2, 8], 'bool') }, w))).toBe(
        "AttentionWrapper: input 'memory_mask' dim 1 ('L') is 8, but input 'memory' dim 1 bound 'L' to 7",
      );
      expect(errorOf(() => bindRun(g, { ...ok, memory: zeros([3, 7, 6]) }, w))).toContain("input 'memory' dim 0 ('batch') is 3");
    });

    it('memory and memory_mask that disagree on a static batch (inputs symbolic): the error names the input', () => {
      expect(buildError(wrap, { inputs: f32('batch', 5, 4), memory: f32(3, 7, 6), memory_mask: bool(2, 7) })).toContain(
        "input 'memory_mask'",
      );
    });
  });
});
