/**
 * The recurrent layers as built graphs (LAYERS.md "Recurrent cells and RNN" and "AttentionWrapper"):
 * inputs, weights (names, shapes, order, initializers), outputs with symbolic dims, JSON round trips, and
 * the errors raised before anything runs. Numerical behaviour is checked on the engines, not here.
 */
import { describe, expect, it } from 'vitest';
import { bindRun } from '../../backend/bind.js';
import { LayerspecError } from '../../errors.js';
import { graphToJSON } from '../../graph/serialize.js';
import type { Graph } from '../../graph/types.js';
import { initWeights } from '../../init/init-weights.js';
import { tensor } from '../../tensor.js';
import { errorOf, paramShapes, summary } from '../../testing/helpers.js';
import type { Dim, HostTensor, TensorType } from '../../types.js';
import { LayerNormalization } from '../layer-normalization.js';
import type { Layer } from '../layer.js';
import { layerClassNames, layerFromJSON } from '../registry.js';
import { AttentionWrapper } from './attention-wrapper.js';
import type { AnyCell } from './cell-registry.js';
import { GRUCell } from './gru-cell.js';
import { LSTMCell } from './lstm-cell.js';
import { RNN } from './rnn.js';
import { SimpleRNNCell } from './simple-rnn-cell.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });
const bool = (...shape: Dim[]): TensorType => ({ dtype: 'bool', shape });

const zeros = (shape: number[], dtype: 'float32' | 'bool' = 'float32'): HostTensor =>
  tensor(new Array<number>(shape.reduce((a, c) => a * c, 1)).fill(dtype === 'bool' ? 1 : 0), shape, dtype);

/** The build error of `layer`: it must name the layer first. */
function buildError(layer: Layer<object, object>, inputs: Record<string, TensorType>): string {
  const message = errorOf(() => layer.build(inputs));
  expect(message.startsWith(`${layer.className}: `), message).toBe(true);
  return message;
}

/** toJSON -> JSON text -> layerFromJSON gives the same config, the same JSON and an identical graph. */
function expectRoundTrip(layer: Layer<object, object>, inputs: Record<string, TensorType>): void {
  const again = layerFromJSON(JSON.stringify(layer.toJSON()));
  expect(again.className).toBe(layer.className);
  expect(again.config).toEqual(layer.config);
  expect(again.toJSON()).toEqual(layer.toJSON());
  expect(graphToJSON(again.build(inputs))).toEqual(graphToJSON(layer.build(inputs)));
}

/** The one Scan node of a graph (the time loop), and its body. */
function scanOf(g: Graph): { inputs: readonly string[]; body: Graph; directions: readonly number[] } {
  const scans = g.nodes.filter((n) => n.op === 'Scan');
  expect(scans).toHaveLength(1);
  const node = scans[0]!;
  if (node.op !== 'Scan') throw new Error('not a Scan');
  return { inputs: node.inputs, body: node.attrs.body, directions: node.attrs.scanInputDirections };
}

const initOf = (g: Graph, name: string): unknown => g.params.find((p) => p.name === name)?.init;

/**
 * The constructors' TypeScript type asks for a cell instance (`Partial<C> & { cell: unknown }` narrows to it),
 * but they parse `cell` at run time: JavaScript callers and JSON may pass anything.
 */
const untyped = (v: unknown): AnyCell => v as AnyCell;

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
    expect(summary(g.inputs)).toEqual([['input', 'float32', ['batch', 4]], ['state_h', 'float32', ['batch', 3]]]);
    expect(paramShapes(g)).toEqual([['kernel', [4, 3]], ['recurrent_kernel', [3, 3]], ['bias', [3]]]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 3]], ['state_h', 'float32', ['batch', 3]]]);
    expect(g.nodes.some((n) => n.op === 'Scan')).toBe(false);
  });

  it('initializes kernel glorotUniform, recurrent_kernel orthogonal, bias zeros', () => {
    const g = cell.build(ins);
    expect(initOf(g, 'kernel')).toEqual({ name: 'glorotUniform' });
    expect(initOf(g, 'recurrent_kernel')).toEqual({ name: 'orthogonal' });
    expect(initOf(g, 'bias')).toEqual({ name: 'zeros' });
  });

  it('useBias false has no bias; activation picks the op', () => {
    expect(paramShapes(new SimpleRNNCell({ units: 3, useBias: false }).build(ins))).toEqual([['kernel', [4, 3]], ['recurrent_kernel', [3, 3]]]);
    const ops = (activation: 'tanh' | 'relu' | 'sigmoid' | 'linear'): string[] =>
      new SimpleRNNCell({ units: 3, activation }).build(ins).nodes.map((n) => n.op);
    expect(ops('tanh')).toContain('Tanh');
    expect(ops('relu')).toContain('Relu');
    expect(ops('sigmoid')).toContain('Sigmoid');
    expect(ops('linear').some((op) => op === 'Tanh' || op === 'Relu' || op === 'Sigmoid')).toBe(false);
  });

  it('round-trips through JSON', () => {
    expectRoundTrip(new SimpleRNNCell({ units: 3, activation: 'relu', useBias: false, kernelInitializer: { name: 'constant', value: 0.5 } }), ins);
  });

  it('errors name the cell, the input and expected vs actual', () => {
    expect(buildError(cell, { input: f32('batch', 4), state_h: f32('batch', 5) })).toBe(
      "SimpleRNNCell: input 'state_h' dim 1 must be 3 (the cell units), got 5 in shape [batch, 5]",
    );
    expect(buildError(cell, { input: f32(2, 4), state_h: f32(3, 3) })).toBe(
      "SimpleRNNCell: input 'state_h' dim 0 must be 2 (the input's batch size), got 3 in shape [3, 3]",
    );
    expect(buildError(cell, { input: f32(2, 5, 4), state_h: f32(2, 3) })).toContain("input 'input' must have rank 2, got rank 3");
    expect(buildError(cell, { input: f32(2, 'd'), state_h: f32(2, 3) })).toContain("input 'input' dim 1 sizes a weight, so it must be a number, got 'd'");
    expect(buildError(cell, { input: f32(2, 4) })).toContain("input 'state_h' is required");
    expect(buildError(cell, { input: f32(2, 4), state_h: f32(2, 3), state_c: f32(2, 3) })).toContain("unknown input 'state_c'");
    expect(errorOf(() => layerFromJSON({ className: 'SimpleRNNCell', config: { units: 3, activation: 'gelu' } }))).toContain(
      "SimpleRNNCell: config 'activation' must be one of",
    );
    expect(errorOf(() => layerFromJSON({ className: 'SimpleRNNCell', config: {} }))).toContain("SimpleRNNCell: config 'units' is required");
    expect(errorOf(() => layerFromJSON({ className: 'SimpleRNNCell', config: { units: 0 } }))).toContain("config 'units' must be >= 1, got 0");
  });
});

// ---------------------------------------------------------------------------------------------------
describe('LSTMCell', () => {
  const ins = { input: f32('batch', 4), state_h: f32('batch', 2), state_c: f32('batch', 2) };

  it('weights (in, 4u), (u, 4u), (4u); inputs and outputs with state_c', () => {
    const g = new LSTMCell({ units: 2 }).build(ins);
    expect(summary(g.inputs)).toEqual([['input', 'float32', ['batch', 4]], ['state_h', 'float32', ['batch', 2]], ['state_c', 'float32', ['batch', 2]]]);
    expect(paramShapes(g)).toEqual([['kernel', [4, 8]], ['recurrent_kernel', [2, 8]], ['bias', [8]]]);
    expect(summary(g.outputs)).toEqual([
      ['output', 'float32', ['batch', 2]],
      ['state_h', 'float32', ['batch', 2]],
      ['state_c', 'float32', ['batch', 2]],
    ]);
  });

  it('unitForgetBias (default): the bias initializes to [0..0, 1..1, 0..0, 0..0] (gate order i, f, c, o)', () => {
    const g = new LSTMCell({ units: 2 }).build(ins);
    expect(Array.from(initWeights(g)['bias']!.data)).toEqual([0, 0, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(initWeights(new LSTMCell({ units: 3 }).build({ ...ins, state_h: f32('batch', 3), state_c: f32('batch', 3) }))['bias']!.data))
      .toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('without unitForgetBias the bias is its initializer; with it, the f block is 1 over any base', () => {
    expect(Array.from(initWeights(new LSTMCell({ units: 2, unitForgetBias: false }).build(ins))['bias']!.data)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
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
    expect(paramShapes(g)).toEqual([['kernel', [4, 9]], ['recurrent_kernel', [3, 9]], ['bias', [2, 9]]]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 3]], ['state_h', 'float32', ['batch', 3]]]);
    expect(Array.from(initWeights(g)['bias']!.data)).toEqual(new Array<number>(18).fill(0));
  });

  it('resetAfter false: bias (3u); useBias false: none', () => {
    expect(paramShapes(new GRUCell({ units: 3, resetAfter: false }).build(ins))).toEqual([['kernel', [4, 9]], ['recurrent_kernel', [3, 9]], ['bias', [9]]]);
    expect(paramShapes(new GRUCell({ units: 3, useBias: false }).build(ins))).toEqual([['kernel', [4, 9]], ['recurrent_kernel', [3, 9]]]);
    expect(paramShapes(new GRUCell({ units: 3, useBias: false, resetAfter: false }).build(ins))).toEqual([['kernel', [4, 9]], ['recurrent_kernel', [3, 9]]]);
  });

  it('has no state_c', () => {
    expect(buildError(new GRUCell({ units: 3 }), { ...ins, state_c: f32('batch', 3) })).toContain("unknown input 'state_c' (inputs: input, state_h)");
  });

  it('round-trips through JSON, both resetAfter', () => {
    expectRoundTrip(new GRUCell({ units: 3 }), ins);
    expectRoundTrip(new GRUCell({ units: 3, resetAfter: false, biasInitializer: 'ones' }), ins);
  });
});

// ---------------------------------------------------------------------------------------------------
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

    it('bare weight names kernel, recurrent_kernel, bias, in that order, with the cell\'s shapes and initializers', () => {
      const g = new RNN({ cell: cell() }).build(seq);
      expect(paramShapes(g)).toEqual([['kernel', [4, g4]], ['recurrent_kernel', [3, g4]], ['bias', biasShape[key]]]);
      expect(initOf(g, 'kernel')).toEqual({ name: 'glorotUniform' });
      expect(initOf(g, 'recurrent_kernel')).toEqual({ name: 'orthogonal' });
    });

    it('returnSequences gives (batch, time, u); default gives (batch, u)', () => {
      expect(summary(new RNN({ cell: cell(), returnSequences: true }).build(seq).outputs)).toEqual([['output', 'float32', ['batch', 'time', 3]]]);
      expect(summary(new RNN({ cell: cell() }).build(seq).outputs)).toEqual([['output', 'float32', ['batch', 3]]]);
    });

    it('returnState adds the final state_h (and state_c for LSTM)', () => {
      const g = new RNN({ cell: cell(), returnSequences: true, returnState: true }).build(seq);
      const states: [string, string, Dim[]][] = key === 'LSTMCell'
        ? [['state_h', 'float32', ['batch', 3]], ['state_c', 'float32', ['batch', 3]]]
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
        ...seq, sequence_mask: bool('batch', 'time'),
      });
    });
  });

  it('inputs keep the order given; initial states and sequence_mask are optional inputs', () => {
    const g = new RNN({ cell: new LSTMCell({ units: 3 }) }).build({
      sequence_mask: bool('batch', 'time'), inputs: f32('batch', 'time', 4), initial_state_c: f32('batch', 3), initial_state_h: f32('batch', 3),
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
    expect(scanOf(new RNN({ cell: new GRUCell({ units: 3 }), goBackwards: true }).build({ ...seq, sequence_mask: bool('batch', 'time') })).directions)
      .toEqual([1, 1]);
  });

  it('static sizes pass through: (2, 5, 4) gives (2, 5, u) and (2, u)', () => {
    const g = new RNN({ cell: new LSTMCell({ units: 3 }), returnSequences: true, returnState: true }).build({ inputs: f32(2, 5, 4) });
    expect(summary(g.outputs)).toEqual([['output', 'float32', [2, 5, 3]], ['state_h', 'float32', [2, 3]], ['state_c', 'float32', [2, 3]]]);
  });

  it('toJSON nests the cell as { className, config }', () => {
    const json = new RNN({ cell: new GRUCell({ units: 3, resetAfter: false }) }).toJSON();
    expect(json.className).toBe('RNN');
    expect(json.config['cell']).toEqual(new GRUCell({ units: 3, resetAfter: false }).toJSON());
    expect(json.config).toEqual({
      cell: { className: 'GRUCell', config: { units: 3, resetAfter: false, useBias: true, kernelInitializer: 'glorotUniform', recurrentInitializer: 'orthogonal', biasInitializer: 'zeros' } },
      returnSequences: false, returnState: false, goBackwards: false,
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
      expect(buildError(rnn, { ...seq, initial_state_h: f32('batch', 3, 1) })).toContain("input 'initial_state_h' must have rank 2, got rank 3");
    });

    it('sequence_mask of the wrong length, batch or dtype', () => {
      expect(buildError(rnn, { inputs: f32('batch', 5, 4), sequence_mask: bool('batch', 6) })).toBe(
        "RNN: input 'sequence_mask' dim 1 must be 5 (the inputs' sequence length), got 6 in shape [batch, 6]",
      );
      expect(buildError(rnn, { inputs: f32(2, 5, 4), sequence_mask: bool(3, 5) })).toBe(
        "RNN: input 'sequence_mask' dim 0 must be 2 (the batch size of input 'inputs'), got 3 in shape [3, 5]",
      );
      expect(buildError(rnn, { inputs: f32(2, 5, 4), sequence_mask: f32(2, 5) })).toBe("RNN: input 'sequence_mask' must be bool, got float32[2, 5]");
      expect(buildError(rnn, { inputs: f32(2, 5, 4), sequence_mask: bool(2, 5, 1) })).toContain("input 'sequence_mask' must have rank 2, got rank 3");
    });

    it('inputs of the wrong rank, a symbolic feature size, missing inputs, unknown inputs', () => {
      expect(buildError(rnn, { inputs: f32('batch', 4) })).toContain("input 'inputs' must have rank 3, got rank 2 float32[batch, 4]");
      expect(buildError(rnn, { inputs: f32('batch', 'time', 'd') })).toBe("RNN: input 'inputs' dim 2 sizes a weight, so it must be a number, got 'd'");
      expect(buildError(rnn, { initial_state_h: f32('batch', 3) })).toContain("input 'inputs' is required");
      expect(buildError(new RNN({ cell: new GRUCell({ units: 3 }) }), { ...seq, initial_state_c: f32('batch', 3) })).toBe(
        "RNN: unknown input 'initial_state_c' (inputs: inputs, initial_state_h, sequence_mask)",
      );
    });

    it('unknown config key; bad flags', () => {
      expect(errorOf(() => layerFromJSON({ className: 'RNN', config: { cell: new GRUCell({ units: 3 }).toJSON(), returnSequence: true } }))).toBe(
        "RNN: unknown config key 'returnSequence' (known: cell, returnSequences, returnState, goBackwards)",
      );
      expect(errorOf(() => layerFromJSON({ className: 'RNN', config: { cell: new GRUCell({ units: 3 }).toJSON(), goBackwards: 1 } }))).toBe(
        "RNN: config 'goBackwards' must be true or false, got 1",
      );
      expect(errorOf(() => layerFromJSON({ className: 'RNN', config: {} }))).toContain("RNN: config 'cell' is required");
    });

    it('a nested cell config is checked by the cell', () => {
      expect(errorOf(() => layerFromJSON({ className: 'RNN', config: { cell: { className: 'LSTMCell', config: { units: 3, forgetBias: 1 } } } })))
        .toContain("LSTMCell: unknown config key 'forgetBias'");
    });

    it('a cell that is not a cell (5, a LayerNormalization, an unknown class) is rejected, naming the cell kinds', () => {
      const notCells: unknown[] = [5, new LayerNormalization(), { className: 'LayerNormalization', config: {} }, { className: 'Dense', config: { units: 3 } }, null];
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
      expect(errorOf(() => bindRun(g, { ...ok, initial_state_h: zeros([3, 3]) }, w))).toContain("input 'initial_state_h' dim 0 ('batch') is 3");
    });

    it('initial states that disagree on a static batch while inputs have a symbolic one still fail at build', () => {
      expect(() => rnn.build({ ...seq, initial_state_h: f32(3, 3), initial_state_c: f32(2, 3) })).toThrow(LayerspecError);
      expect(() => new RNN({ cell: new GRUCell({ units: 3 }) }).build({ ...seq, initial_state_h: f32(2, 3), sequence_mask: bool(3, 'time') }))
        .toThrow(LayerspecError);
    });

    it('initial states that disagree on a static batch: the error names the input', () => {
      expect(buildError(rnn, { ...seq, initial_state_h: f32(3, 3), initial_state_c: f32(2, 3) })).toContain("input 'initial_state_c'");
    });
  });
});

// ---------------------------------------------------------------------------------------------------
describe('AttentionWrapper', () => {
  const ins = { inputs: f32('batch', 'time', 4), memory: f32('batch', 'L', 6) };

  it('bahdanau (default) with an LSTM: cell/... then attention/... weights; cell input size Din + Dm', () => {
    const g = new AttentionWrapper({ cell: new LSTMCell({ units: 3 }), units: 5 }).build(ins);
    expect(summary(g.inputs)).toEqual([['inputs', 'float32', ['batch', 'time', 4]], ['memory', 'float32', ['batch', 'L', 6]]]);
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
    const g = new AttentionWrapper({ cell: new GRUCell({ units: 3, resetAfter: false }), mechanism: 'luong', score: 'concat', units: 5 }).build(ins);
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
    expect(summary(last.outputs)).toEqual([['output', 'float32', ['batch', 3]], ['attention', 'float32', ['batch', 'time', 'L']]]);
    const gru = new AttentionWrapper({ cell: new GRUCell({ units: 3 }), mechanism: 'luong', score: 'general', returnState: true }).build(ins);
    expect(summary(gru.outputs)).toEqual([['output', 'float32', ['batch', 'time', 3]], ['state_h', 'float32', ['batch', 3]]]);
    const fixed = new AttentionWrapper({ cell: lstm(), returnAttention: true }).build({ inputs: f32(2, 5, 4), memory: f32(2, 7, 6) });
    expect(summary(fixed.outputs)).toEqual([['output', 'float32', [2, 5, 3]], ['attention', 'float32', [2, 5, 7]]]);
  });

  it('with every optional input, in the order given; one Scan, no weights in its body', () => {
    const all = {
      inputs: f32('batch', 'time', 4), memory: f32('batch', 'L', 6), memory_mask: bool('batch', 'L'),
      initial_state_h: f32('batch', 3), initial_state_c: f32('batch', 3), sequence_mask: bool('batch', 'time'),
    };
    for (const mechanism of ['bahdanau', 'luong'] as const) {
      const g = new AttentionWrapper({ cell: new LSTMCell({ units: 3 }), mechanism, score: 'general', returnState: true, returnAttention: true }).build(all);
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
    expectRoundTrip(new AttentionWrapper({ cell: new LSTMCell({ units: 3, unitForgetBias: false }), units: 5, returnState: true, returnAttention: true }), { ...ins, ...masks });
    expectRoundTrip(new AttentionWrapper({ cell: new GRUCell({ units: 6 }), mechanism: 'luong', score: 'dot', returnSequences: false }), { ...ins, ...masks });
    expectRoundTrip(new AttentionWrapper({ cell: new SimpleRNNCell({ units: 3, activation: 'relu' }), mechanism: 'luong', score: 'general', returnAttention: true }), ins);
    expectRoundTrip(new AttentionWrapper({ cell: new GRUCell({ units: 3, resetAfter: false }), mechanism: 'luong', score: 'concat', units: 4, kernelInitializer: 'orthogonal' }), ins);
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
      expect(buildError(wrap, { ...ins, memory_mask: bool('batch', 'L', 1) })).toContain("input 'memory_mask' must have rank 2, got rank 3");
      expect(buildError(wrap, { ...ins, initial_state_h: f32(3) })).toContain("input 'initial_state_h' must have rank 2, got rank 1");
      expect(buildError(wrap, { ...ins, memory: f32('batch', 'L', 'dm') })).toBe(
        "AttentionWrapper: input 'memory' dim 2 sizes a weight, so it must be a number, got 'dm'",
      );
      expect(buildError(wrap, { inputs: f32('batch', 'time', 'd') })).toContain("input 'inputs' dim 2 sizes a weight");
      expect(buildError(wrap, { ...ins, memory_mask: f32('batch', 'L') })).toBe("AttentionWrapper: input 'memory_mask' must be bool, got float32[batch, L]");
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
      expect(errorOf(() => layerFromJSON({ className: 'AttentionWrapper', config: { cell, units: 0 } }))).toContain("config 'units' must be >= 1, got 0");
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
      expect(buildError(wrap, { inputs: f32('batch', 5, 4), memory: f32(3, 7, 6), memory_mask: bool(2, 7) })).toContain("input 'memory_mask'");
    });
  });
});
