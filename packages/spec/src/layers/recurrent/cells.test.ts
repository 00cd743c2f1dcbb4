/**
 * The recurrent cells as built graphs (LAYERS.md "Recurrent cells and RNN"): inputs, weights (names, shapes,
 * order, initializers), outputs, JSON round trips, and the errors raised before anything runs.
 */
import { describe, expect, it } from 'vitest';
import { initWeights } from '../../init/init-weights.js';
import { errorOf, paramShapes, summary } from '../../testing/helpers.js';
import { f32, buildError, expectRoundTrip, initOf } from '../../testing/layers.js';
import { layerFromJSON } from '../from-json.js';
import { layerClassNames } from '../table.js';
import { GRUCell } from './gru-cell.js';
import { LSTMCell } from './lstm-cell.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';

describe('registry', () => {
  it('registers the recurrent layers', () => {
    expect(layerClassNames()).toEqual(expect.arrayContaining(['SimpleRNNCell', 'LSTMCell', 'GRUCell', 'RNN', 'AttentionWrapper']));
  });
});

// ---------------------------------------------------------------------------------------------------
describe('SimpleRNNCell', () => {
  const cell = new SimpleRNNCell({ units: 3 });
  const ins = { input: f32('batch', 4), state_h: f32('batch', 3) };

  it('is one step: inputs input, state_h; weights kernel (in, u), recurrent_kernel (u, u), bias (u); outputs output, state_h', () => {
    const g = cell.build(ins);
    expect(summary(g.inputs)).toEqual([
      ['input', 'float32', ['batch', 4]],
      ['state_h', 'float32', ['batch', 3]],
    ]);
    expect(paramShapes(g)).toEqual([
      ['kernel', [4, 3]],
      ['recurrent_kernel', [3, 3]],
      ['bias', [3]],
    ]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['batch', 3]],
      ['state_h', 'float32', ['batch', 3]],
    ]);
    expect(g.nodes.some((n) => n.op === 'Scan')).toBe(false);
  });

  it('initializes kernel glorotUniform, recurrent_kernel orthogonal, bias zeros', () => {
    const g = cell.build(ins);
    expect(initOf(g, 'kernel')).toEqual({ name: 'glorotUniform' });
    expect(initOf(g, 'recurrent_kernel')).toEqual({ name: 'orthogonal' });
    expect(initOf(g, 'bias')).toEqual({ name: 'zeros' });
  });

  it('useBias false has no bias; activation picks the op', () => {
    expect(paramShapes(new SimpleRNNCell({ units: 3, useBias: false }).build(ins))).toEqual([
      ['kernel', [4, 3]],
      ['recurrent_kernel', [3, 3]],
    ]);
    const ops = (activation: 'tanh' | 'relu' | 'sigmoid' | 'linear'): string[] =>
      new SimpleRNNCell({ units: 3, activation }).build(ins).nodes.map((n) => n.op);
    expect(ops('tanh')).toContain('Tanh');
    expect(ops('relu')).toContain('Relu');
    expect(ops('sigmoid')).toContain('Sigmoid');
    expect(ops('linear').some((op) => op === 'Tanh' || op === 'Relu' || op === 'Sigmoid')).toBe(false);
  });

  it('round-trips through JSON', () => {
    expectRoundTrip(
      new SimpleRNNCell({ units: 3, activation: 'relu', useBias: false, kernelInitializer: { name: 'constant', value: 0.5 } }),
      ins,
    );
  });

  it('errors name the cell, the input and expected vs actual', () => {
    expect(buildError(cell, { input: f32('batch', 4), state_h: f32('batch', 5) })).toBe(
      "SimpleRNNCell: input 'state_h' dim 1 must be 3 (the cell units), got 5 in shape [batch, 5]",
    );
    expect(buildError(cell, { input: f32(2, 4), state_h: f32(3, 3) })).toBe(
      "SimpleRNNCell: input 'state_h' dim 0 must be 2 (the input's batch size), got 3 in shape [3, 3]",
    );
    expect(buildError(cell, { input: f32(2, 5, 4), state_h: f32(2, 3) })).toContain("input 'input' must have rank 2, got rank 3");
    expect(buildError(cell, { input: f32(2, 'd'), state_h: f32(2, 3) })).toContain(
      "input 'input' dim 1 sizes a weight, so it must be a number, got 'd'",
    );
    expect(buildError(cell, { input: f32(2, 4) })).toContain("input 'state_h' is required");
    expect(buildError(cell, { input: f32(2, 4), state_h: f32(2, 3), state_c: f32(2, 3) })).toContain("unknown input 'state_c'");
    expect(errorOf(() => layerFromJSON({ className: 'SimpleRNNCell', config: { units: 3, activation: 'gelu' } }))).toContain(
      "SimpleRNNCell: config 'activation' must be one of",
    );
    expect(errorOf(() => layerFromJSON({ className: 'SimpleRNNCell', config: {} }))).toContain("SimpleRNNCell: config 'units' is required");
    expect(errorOf(() => layerFromJSON({ className: 'SimpleRNNCell', config: { units: 0 } }))).toContain(
      "config 'units' must be >= 1, got 0",
    );
  });
});

// ---------------------------------------------------------------------------------------------------
describe('LSTMCell', () => {
  const ins = { input: f32('batch', 4), state_h: f32('batch', 2), state_c: f32('batch', 2) };

  it('weights (in, 4u), (u, 4u), (4u); inputs and outputs with state_c', () => {
    const g = new LSTMCell({ units: 2 }).build(ins);
    expect(summary(g.inputs)).toEqual([
      ['input', 'float32', ['batch', 4]],
      ['state_h', 'float32', ['batch', 2]],
      ['state_c', 'float32', ['batch', 2]],
    ]);
    expect(paramShapes(g)).toEqual([
      ['kernel', [4, 8]],
      ['recurrent_kernel', [2, 8]],
      ['bias', [8]],
    ]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['batch', 2]],
      ['state_h', 'float32', ['batch', 2]],
      ['state_c', 'float32', ['batch', 2]],
    ]);
  });

  it('unitForgetBias (default): the bias initializes to [0..0, 1..1, 0..0, 0..0] (gate order i, f, c, o)', () => {
    const g = new LSTMCell({ units: 2 }).build(ins);
    expect(Array.from(initWeights(g)['bias']!.data)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    expect(
      Array.from(
        initWeights(new LSTMCell({ units: 3 }).build({ ...ins, state_h: f32('batch', 3), state_c: f32('batch', 3) }))['bias']!.data,
      ),
    ).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('without unitForgetBias the bias is its initializer; with it, the f block is 1 over any base', () => {
    expect(Array.from(initWeights(new LSTMCell({ units: 2, unitForgetBias: false }).build(ins))['bias']!.data)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    const half = new LSTMCell({ units: 2, biasInitializer: { name: 'constant', value: 0.5 } }).build(ins);
    expect(Array.from(initWeights(half)['bias']!.data)).toEqual([0.5, 0.5, 1, 1, 0.5, 0.5, 0.5, 0.5]);
  });

  it('useBias false has no bias', () => {
    expect(paramShapes(new LSTMCell({ units: 2, useBias: false }).build(ins)).map(([n]) => n)).toEqual(['kernel', 'recurrent_kernel']);
  });

  it('round-trips through JSON', () => {
    expectRoundTrip(new LSTMCell({ units: 2, unitForgetBias: false, recurrentInitializer: 'glorotUniform' }), ins);
  });

  it('errors name state_c with expected vs actual', () => {
    expect(buildError(new LSTMCell({ units: 2 }), { ...ins, state_c: f32('batch', 3) })).toBe(
      "LSTMCell: input 'state_c' dim 1 must be 2 (the cell units), got 3 in shape [batch, 3]",
    );
    expect(buildError(new LSTMCell({ units: 2 }), { input: ins.input, state_h: ins.state_h })).toContain("input 'state_c' is required");
  });
});

// ---------------------------------------------------------------------------------------------------
describe('GRUCell', () => {
  const ins = { input: f32('batch', 4), state_h: f32('batch', 3) };

  it('resetAfter (default): bias (2, 3u)', () => {
    const g = new GRUCell({ units: 3 }).build(ins);
    expect(paramShapes(g)).toEqual([
      ['kernel', [4, 9]],
      ['recurrent_kernel', [3, 9]],
      ['bias', [2, 9]],
    ]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['batch', 3]],
      ['state_h', 'float32', ['batch', 3]],
    ]);
    expect(Array.from(initWeights(g)['bias']!.data)).toEqual(new Array<number>(18).fill(0));
  });

  it('resetAfter false: bias (3u); useBias false: none', () => {
    expect(paramShapes(new GRUCell({ units: 3, resetAfter: false }).build(ins))).toEqual([
      ['kernel', [4, 9]],
      ['recurrent_kernel', [3, 9]],
      ['bias', [9]],
    ]);
    expect(paramShapes(new GRUCell({ units: 3, useBias: false }).build(ins))).toEqual([
      ['kernel', [4, 9]],
      ['recurrent_kernel', [3, 9]],
    ]);
    expect(paramShapes(new GRUCell({ units: 3, useBias: false, resetAfter: false }).build(ins))).toEqual([
      ['kernel', [4, 9]],
      ['recurrent_kernel', [3, 9]],
    ]);
  });

  it('has no state_c', () => {
    expect(buildError(new GRUCell({ units: 3 }), { ...ins, state_c: f32('batch', 3) })).toContain(
      "unknown input 'state_c' (inputs: input, state_h)",
    );
  });

  it('round-trips through JSON, both resetAfter', () => {
    expectRoundTrip(new GRUCell({ units: 3 }), ins);
    expectRoundTrip(new GRUCell({ units: 3, resetAfter: false, biasInitializer: 'ones' }), ins);
  });
});

// ---------------------------------------------------------------------------------------------------
