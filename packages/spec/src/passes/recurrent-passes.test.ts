import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import { buildScan } from '../graph/scan-builder.js';
import type { Graph } from '../graph/types.js';
import { verifyGraph } from '../graph/verify.js';
import { AttentionWrapper } from '../layers/recurrent/attention-wrapper.js';
import type { AnyCell } from '../layers/recurrent/cell-registry.js';
import { GRUCell } from '../layers/recurrent/gru-cell.js';
import { LSTMCell } from '../layers/recurrent/lstm-cell.js';
import { RNN } from '../layers/recurrent/rnn.js';
import { SimpleRNNCell } from '../layers/recurrent/simple-rnn-cell.js';
import { summary } from '../testing/helpers.js';
import type { Dim, TensorType } from '../types.js';
import { hoistInputProducts } from './hoist-input-products.js';
import { hoistLoopInvariants } from './hoist-loop-invariants.js';
import { optimizeGraph, type PassName } from './pipeline.js';
import { stackStepProducts } from './stack-step-products.js';
import { transposeStepKeys } from './transpose-step-keys.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });

function scanOf(g: Graph): { inputs: readonly string[]; body: Graph } {
  const scans = g.nodes.filter((n) => n.op === 'Scan');
  expect(scans).toHaveLength(1);
  const node = scans[0]!;
  if (node.op !== 'Scan') throw new Error('not a Scan');
  return { inputs: node.inputs, body: node.attrs.body };
}

const ops = (g: Graph, op: string) => g.nodes.filter((n) => n.op === op);
/** The graph after the passes up to and including `last`, verified. */
function upTo(g: Graph, last: PassName): Graph {
  const order: PassName[] = ['hoist-loop-invariants', 'hoist-input-products', 'stack-step-products', 'transpose-step-keys'];
  const out = optimizeGraph(g, { passes: order.slice(0, order.indexOf(last) + 1) });
  verifyGraph(out);
  return out;
}

const seq = { inputs: f32('batch', 'time', 4) };
const cells: Record<string, () => AnyCell> = {
  SimpleRNNCell: () => new SimpleRNNCell({ units: 3 }),
  LSTMCell: () => new LSTMCell({ units: 3 }),
  GRUCell: () => new GRUCell({ units: 3 }),
  'GRUCell resetAfter false': () => new GRUCell({ units: 3, resetAfter: false }),
};
const gates: Record<string, number> = { SimpleRNNCell: 1, LSTMCell: 4, GRUCell: 3, 'GRUCell resetAfter false': 3 };

describe('RNN after the passes', () => {
  for (const [key, cell] of Object.entries(cells)) {
    it(`${key}: the inputs meet the kernel in one MatMul before the loop; a step multiplies only the state`, () => {
      const g = optimizeGraph(new RNN({ cell: cell(), returnSequences: true }).build(seq));
      const scan = scanOf(g);
      expect(ops(g, 'MatMul').map((n) => n.inputs)).toEqual([['inputs', 'kernel']]);
      expect(scan.inputs).not.toContain('kernel');
      const states = key === 'LSTMCell' ? 2 : 1;
      expect(summary(scan.body.inputs.slice(states, states + 1))).toEqual([['x', 'float32', ['batch', gates[key]! * 3]]]);
      // One product per step, by the recurrent kernel (split into z, r and candidate columns without resetAfter).
      expect(ops(scan.body, 'MatMul')).toHaveLength(key === 'GRUCell resetAfter false' ? 2 : 1);
      // The column split and the bias rows run once, before the loop.
      expect(ops(scan.body, 'Gather')).toHaveLength(0);
    });
  }
});

describe('AttentionWrapper after the passes', () => {
  const ins = { inputs: f32('batch', 'time', 4), memory: f32('batch', 'L', 6) };
  it("before the loop: x @ the kernel's x rows + bias, the additive keys (B, units, L), [extra ; h] weights stacked", () => {
    for (const mechanism of ['bahdanau', 'luong'] as const) {
      const g = optimizeGraph(new AttentionWrapper({ cell: new LSTMCell({ units: 3 }), mechanism, score: 'concat', units: 5 }).build(ins));
      const scan = scanOf(g);
      const states = mechanism === 'bahdanau' ? 2 : 3;
      const scanned = ops(g, 'Add').find((n) => n.outputs[0] === scan.inputs[states])!;
      const projection = ops(g, 'MatMul').find((n) => n.outputs[0] === scanned.inputs[0])!;
      expect(projection.inputs[0]).toBe('inputs');
      expect(scanned.inputs[1]).toBe('cell/bias');
      expect(summary(scan.body.inputs.slice(states, states + 1))).toEqual([['x', 'float32', ['batch', 12]]]);
      const captured = (shape: Dim[]) =>
        scan.body.inputs.filter((v) => JSON.stringify(v.type.shape) === JSON.stringify(shape)).map((v) => v.name);
      expect(captured(['batch', 5, 'L'])).toHaveLength(1);
      expect(captured([1, 5])).toHaveLength(1);
      expect(captured([(mechanism === 'bahdanau' ? 6 : 3) + 3, 12])).toHaveLength(1);
      // Per step: the query's projection, v @ tanh(..), alpha @ memory and one product for the cell (plus Luong's output).
      expect(ops(scan.body, 'MatMul')).toHaveLength(mechanism === 'bahdanau' ? 4 : 5);
    }
  });

  it("'dot' and 'general' scores read the keys transposed, as one row times a matrix", () => {
    for (const score of ['dot', 'general'] as const) {
      const plain = new AttentionWrapper({ cell: new GRUCell({ units: 6 }), mechanism: 'luong', score }).build(ins);
      const g = upTo(plain, 'transpose-step-keys');
      const body = scanOf(g).body;
      expect(body.inputs.filter((v) => JSON.stringify(v.type.shape) === JSON.stringify(['batch', 6, 'L']))).toHaveLength(1);
      const row = body.nodes.find(
        (n) => n.op === 'MatMul' && body.nodes.some((u) => u.op === 'Unsqueeze' && u.attrs.axes[0] === 1 && u.outputs[0] === n.inputs[0]),
      );
      expect(row).toBeDefined();
    }
  });
});

describe('each recurrent pass alone', () => {
  const aw = () =>
    new AttentionWrapper({ cell: new GRUCell({ units: 3 }), mechanism: 'bahdanau', units: 5 }).build({
      inputs: f32('batch', 'time', 4),
      memory: f32('batch', 'L', 6),
    });

  it('hoist-loop-invariants moves the bias rows out and captures them under their names', () => {
    const plain = aw();
    const gathers = ops(scanOf(plain).body, 'Gather').map((n) => n.outputs[0]);
    expect(gathers).toHaveLength(2);
    const g = hoistLoopInvariants(plain);
    verifyGraph(g);
    expect(ops(scanOf(g).body, 'Gather')).toHaveLength(0);
    expect(ops(g, 'Gather')).toHaveLength(2);
    expect(scanOf(g).body.inputs.map((v) => v.name)).toEqual(expect.arrayContaining(gathers));
  });

  it('hoist-input-products splits [x_t ; ctx_t] @ K: x rows before the loop, ctx rows in it', () => {
    const g = upTo(aw(), 'hoist-input-products');
    const body = scanOf(g).body;
    expect(ops(g, 'Slice').map((n) => n.inputs[0])).toEqual(['cell/kernel', 'cell/kernel']);
    expect(ops(body, 'Concat')).toHaveLength(0);
    expect(body.inputs.find((v) => v.name === 'x')?.type.shape).toEqual(['batch', 9]);
  });

  it('stack-step-products joins ctx @ K_ctx + h @ R into one product (SimpleRNN; the GRU keeps its two)', () => {
    const simple = new AttentionWrapper({ cell: new SimpleRNNCell({ units: 3 }), units: 5 }).build({
      inputs: f32('batch', 'time', 4),
      memory: f32('batch', 'L', 6),
    });
    const before = upTo(simple, 'hoist-input-products');
    const after = stackStepProducts(before);
    verifyGraph(after);
    expect(ops(scanOf(after).body, 'MatMul').length).toBe(ops(scanOf(before).body, 'MatMul').length - 1);
    const gru = upTo(aw(), 'hoist-input-products');
    expect(stackStepProducts(gru)).toBe(gru);
  });

  it('leaves graphs without the patterns alone', () => {
    const b = new GraphBuilder('loop');
    const x = b.input('x', f32(2, 'T', 3));
    const { states } = buildScan(b, {
      states: [{ name: 's', value: b.input('s0', f32(2, 3)) }],
      scanInputs: [{ name: 'xt', value: x }],
      captures: [],
      // The slice is read twice, so its product cannot move out of the loop.
      step: (body, [s], [xt]) => ({
        states: [
          body.value(s!).add(
            body
              .value(xt!)
              .matMul(body.value(xt!).transpose({ perm: [1, 0] }))
              .matMul(xt!),
          ),
        ],
        outputs: [],
      }),
    });
    b.output('last', states[0]!);
    const g = b.build();
    for (const pass of [hoistLoopInvariants, hoistInputProducts, stackStepProducts, transposeStepKeys]) expect(pass(g)).toBe(g);
  });
});
