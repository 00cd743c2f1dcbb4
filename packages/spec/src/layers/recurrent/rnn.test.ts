/**
 * RNN as a built graph (LAYERS.md "Recurrent cells and RNN"): the Scan, its inputs and outputs, masks,
 * JSON round trips, and the errors raised before anything runs. Numerical behaviour is checked on the engines.
 */
import { describe, expect, it } from 'vitest';
import { bindRun } from '../../backend/bind.js';
import { LayerspecError } from '../../errors.js';
import { graphToJSON } from '../../graph/serialize.js';
import { initWeights } from '../../init/init-weights.js';
import { errorOf, paramShapes, summary } from '../../testing/helpers.js';
import { f32, bool, zeros, buildError, expectRoundTrip, scanOf, initOf, untyped } from '../../testing/layers.js';
import type { Dim } from '../../types.js';
import { LayerNormalization } from '../layer-normalization.js';
import { layerFromJSON } from '../from-json.js';
import { GRUCell } from './gru-cell.js';
import { LSTMCell } from './lstm-cell.js';
import { RNN } from './rnn.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';

describe('RNN', () => {
  const seq = { inputs: f32('batch', 'time', 4) };
  const cells = {
    SimpleRNNCell: () => new SimpleRNNCell({ units: 3 }),
    LSTMCell: () => new LSTMCell({ units: 3 }),
    GRUCell: () => new GRUCell({ units: 3 }),
    'GRUCell resetAfter false': () => new GRUCell({ units: 3, resetAfter: false }),
  };
  const gates = { SimpleRNNCell: 1, LSTMCell: 4, GRUCell: 3, 'GRUCell resetAfter false': 3 };
  const biasShape = { SimpleRNNCell: [3], LSTMCell: [12], GRUCell: [2, 9], 'GRUCell resetAfter false': [9] };

  describe.each(Object.keys(cells) as (keyof typeof cells)[])('with %s', (key) => {
    const cell = cells[key];
    const g4 = gates[key] * 3;

    it("bare weight names kernel, recurrent_kernel, bias, in that order, with the cell's shapes and initializers", () => {
      const g = new RNN({ cell: cell() }).build(seq);
      expect(paramShapes(g)).toEqual([
        ['kernel', [4, g4]],
        ['recurrent_kernel', [3, g4]],
        ['bias', biasShape[key]],
      ]);
      expect(initOf(g, 'kernel')).toEqual({ name: 'glorotUniform' });
      expect(initOf(g, 'recurrent_kernel')).toEqual({ name: 'orthogonal' });
    });

    it('returnSequences gives (batch, time, u); default gives (batch, u)', () => {
      expect(summary(new RNN({ cell: cell(), returnSequences: true }).build(seq).outputs)).toEqual([
        ['output', 'float32', ['batch', 'time', 3]],
      ]);
      expect(summary(new RNN({ cell: cell() }).build(seq).outputs)).toEqual([['output', 'float32', ['batch', 3]]]);
    });

    it('returnState adds the final state_h (and state_c for LSTM)', () => {
      const g = new RNN({ cell: cell(), returnSequences: true, returnState: true }).build(seq);
      const states: [string, string, Dim[]][] =
        key === 'LSTMCell'
          ? [
              ['state_h', 'float32', ['batch', 3]],
              ['state_c', 'float32', ['batch', 3]],
            ]
          : [['state_h', 'float32', ['batch', 3]]];
      expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 'time', 3]], ...states]);
    });

    it("the time loop is one Scan over symbolic time whose body is the cell's step; the weights are captured", () => {
      const g = new RNN({ cell: cell(), returnSequences: true }).build(seq);
      const scan = scanOf(g);
      expect(scan.body.params).toEqual([]);
      expect(scan.inputs).toContain('kernel');
      expect(summary(scan.body.inputs.slice(key === 'LSTMCell' ? 2 : 1).slice(0, 1))).toEqual([['x', 'float32', ['batch', 4]]]);
      expect(scan.directions).toEqual([0]);
    });

    it('round-trips through JSON with the nested cell: identical graph', () => {
      expectRoundTrip(new RNN({ cell: cell(), returnSequences: true, returnState: true, goBackwards: true }), {
        ...seq,
        sequence_mask: bool('batch', 'time'),
      });
    });
  });

  it('inputs keep the order given; initial states and sequence_mask are optional inputs', () => {
    const g = new RNN({ cell: new LSTMCell({ units: 3 }) }).build({
      sequence_mask: bool('batch', 'time'),
      inputs: f32('batch', 'time', 4),
      initial_state_c: f32('batch', 3),
      initial_state_h: f32('batch', 3),
    });
    expect(summary(g.inputs)).toEqual([
      ['sequence_mask', 'bool', ['batch', 'time']],
      ['inputs', 'float32', ['batch', 'time', 4]],
      ['initial_state_c', 'float32', ['batch', 3]],
      ['initial_state_h', 'float32', ['batch', 3]],
    ]);
    const scan = scanOf(g);
    expect(scan.inputs.slice(0, 2)).toEqual(['initial_state_h', 'initial_state_c']);
    // with a mask: the mask is the second scan input (one bool per batch row at each step)
    expect(scan.body.inputs.map((v) => [v.name, v.type.dtype, [...v.type.shape]])).toContainEqual(['keep', 'bool', ['batch']]);
  });

  it('goBackwards walks the inputs from the end', () => {
    expect(scanOf(new RNN({ cell: new GRUCell({ units: 3 }), goBackwards: true }).build(seq)).directions).toEqual([1]);
    expect(
      scanOf(new RNN({ cell: new GRUCell({ units: 3 }), goBackwards: true }).build({ ...seq, sequence_mask: bool('batch', 'time') }))
        .directions,
    ).toEqual([1, 1]);
  });

  it('static sizes pass through: (2, 5, 4) gives (2, 5, u) and (2, u)', () => {
    const g = new RNN({ cell: new LSTMCell({ units: 3 }), returnSequences: true, returnState: true }).build({ inputs: f32(2, 5, 4) });
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', [2, 5, 3]],
      ['state_h', 'float32', [2, 3]],
      ['state_c', 'float32', [2, 3]],
    ]);
  });

  it('toJSON nests the cell as { className, config }', () => {
    const json = new RNN({ cell: new GRUCell({ units: 3, resetAfter: false }) }).toJSON();
    expect(json.className).toBe('RNN');
    expect(json.config['cell']).toEqual(new GRUCell({ units: 3, resetAfter: false }).toJSON());
    expect(json.config).toEqual({
      cell: {
        className: 'GRUCell',
        config: {
          units: 3,
          resetAfter: false,
          useBias: true,
          kernelInitializer: 'glorotUniform',
          recurrentInitializer: 'orthogonal',
          biasInitializer: 'zeros',
        },
      },
      returnSequences: false,
      returnState: false,
      goBackwards: false,
    });
  });

  it('a cell may be given as its JSON', () => {
    const fromJson = new RNN({ cell: untyped(new LSTMCell({ units: 3 }).toJSON()) });
    expect(graphToJSON(fromJson.build(seq))).toEqual(graphToJSON(new RNN({ cell: new LSTMCell({ units: 3 }) }).build(seq)));
  });

  describe('errors before anything runs', () => {
    const rnn = new RNN({ cell: new LSTMCell({ units: 3 }) });

    it('initial states of the wrong size or batch', () => {
      expect(buildError(rnn, { ...seq, initial_state_h: f32('batch', 4) })).toBe(
        "RNN: input 'initial_state_h' dim 1 must be 3 (the state size of the cell), got 4 in shape [batch, 4]",
      );
      expect(buildError(rnn, { inputs: f32(2, 'time', 4), initial_state_c: f32(5, 3) })).toBe(
        "RNN: input 'initial_state_c' dim 0 must be 2 (the batch size of input 'inputs'), got 5 in shape [5, 3]",
      );
      expect(buildError(rnn, { ...seq, initial_state_h: f32('batch', 3, 1) })).toContain(
        "input 'initial_state_h' must have rank 2, got rank 3",
      );
    });

    it('sequence_mask of the wrong length, batch or dtype', () => {
      expect(buildError(rnn, { inputs: f32('batch', 5, 4), sequence_mask: bool('batch', 6) })).toBe(
        "RNN: input 'sequence_mask' dim 1 must be 5 (the inputs' sequence length), got 6 in shape [batch, 6]",
      );
      expect(buildError(rnn, { inputs: f32(2, 5, 4), sequence_mask: bool(3, 5) })).toBe(
        "RNN: input 'sequence_mask' dim 0 must be 2 (the batch size of input 'inputs'), got 3 in shape [3, 5]",
      );
      expect(buildError(rnn, { inputs: f32(2, 5, 4), sequence_mask: f32(2, 5) })).toBe(
        "RNN: input 'sequence_mask' must be bool, got float32[2, 5]",
      );
      expect(buildError(rnn, { inputs: f32(2, 5, 4), sequence_mask: bool(2, 5, 1) })).toContain(
        "input 'sequence_mask' must have rank 2, got rank 3",
      );
    });

    it('inputs of the wrong rank, a symbolic feature size, missing inputs, unknown inputs', () => {
      expect(buildError(rnn, { inputs: f32('batch', 4) })).toContain("input 'inputs' must have rank 3, got rank 2 float32[batch, 4]");
      expect(buildError(rnn, { inputs: f32('batch', 'time', 'd') })).toBe(
        "RNN: input 'inputs' dim 2 sizes a weight, so it must be a number, got 'd'",
      );
      expect(buildError(rnn, { initial_state_h: f32('batch', 3) })).toContain("input 'inputs' is required");
      expect(buildError(new RNN({ cell: new GRUCell({ units: 3 }) }), { ...seq, initial_state_c: f32('batch', 3) })).toBe(
        "RNN: unknown input 'initial_state_c' (inputs: inputs, initial_state_h, sequence_mask)",
      );
    });

    it('unknown config key; bad flags', () => {
      expect(
        errorOf(() => layerFromJSON({ className: 'RNN', config: { cell: new GRUCell({ units: 3 }).toJSON(), returnSequence: true } })),
      ).toBe("RNN: unknown config key 'returnSequence' (known: cell, returnSequences, returnState, goBackwards)");
      expect(errorOf(() => layerFromJSON({ className: 'RNN', config: { cell: new GRUCell({ units: 3 }).toJSON(), goBackwards: 1 } }))).toBe(
        "RNN: config 'goBackwards' must be true or false, got 1",
      );
      expect(errorOf(() => layerFromJSON({ className: 'RNN', config: {} }))).toContain("RNN: config 'cell' is required");
    });

    it('a nested cell config is checked by the cell', () => {
      expect(
        errorOf(() =>
          layerFromJSON({ className: 'RNN', config: { cell: { className: 'LSTMCell', config: { units: 3, forgetBias: 1 } } } }),
        ),
      ).toContain("LSTMCell: unknown config key 'forgetBias'");
    });

    it('a cell that is not a cell (5, a LayerNormalization, an unknown class) is rejected, naming the cell kinds', () => {
      const notCells: unknown[] = [
        5,
        new LayerNormalization(),
        { className: 'LayerNormalization', config: {} },
        { className: 'Dense', config: { units: 3 } },
        null,
      ];
      for (const cell of notCells) {
        const message = errorOf(() => new RNN({ cell: untyped(cell) }));
        expect(message).toContain('must be a SimpleRNNCell, LSTMCell or GRUCell');
      }
      expect(errorOf(() => new RNN({ cell: untyped(5) }))).toContain('got 5');
      expect(errorOf(() => layerFromJSON({ className: 'RNN', config: { cell: 'LSTMCell' } }))).toContain('got "LSTMCell"');
    });

    it('a cell that is not a cell: the error names the layer and its config key', () => {
      expect(errorOf(() => new RNN({ cell: untyped(5) }))).toMatch(/^RNN: config 'cell' /);
    });

    it('at run time, tensors that do not fit the built graph fail in bindRun, naming the input', () => {
      const g = rnn.build({ ...seq, sequence_mask: bool('batch', 'time'), initial_state_h: f32('batch', 3) });
      const w = initWeights(g);
      const ok = { inputs: zeros([2, 5, 4]), sequence_mask: zeros([2, 5], 'bool'), initial_state_h: zeros([2, 3]) };
      expect(bindRun(g, ok, w).get('time')).toBe(5);
      expect(errorOf(() => bindRun(g, { ...ok, inputs: zeros([2, 5, 6]) }, w))).toBe(
        "RNN: input 'inputs' dim 2 must be 4, got 6 (shape [2, 5, 6], expected [batch, time, 4])",
      );
      expect(errorOf(() => bindRun(g, { ...ok, sequence_mask: zeros([2, 4], 'bool') }, w))).toBe(
        "RNN: input 'sequence_mask' dim 1 ('time') is 4, but input 'inputs' dim 1 bound 'time' to 5",
      );
      expect(errorOf(() => bindRun(g, { ...ok, initial_state_h: zeros([3, 3]) }, w))).toContain(
        "input 'initial_state_h' dim 0 ('batch') is 3",
      );
    });

    it('initial states that disagree on a static batch while inputs have a symbolic one still fail at build', () => {
      expect(() => rnn.build({ ...seq, initial_state_h: f32(3, 3), initial_state_c: f32(2, 3) })).toThrow(LayerspecError);
      expect(() =>
        new RNN({ cell: new GRUCell({ units: 3 }) }).build({ ...seq, initial_state_h: f32(2, 3), sequence_mask: bool(3, 'time') }),
      ).toThrow(LayerspecError);
    });

    it('initial states that disagree on a static batch: the error names the input', () => {
      expect(buildError(rnn, { ...seq, initial_state_h: f32(3, 3), initial_state_c: f32(2, 3) })).toContain("input 'initial_state_c'");
    });
  });
});

// ---------------------------------------------------------------------------------------------------
