/**
 * Properties of the recurrent layers on the reference engine that need no golden values (the numpy golden
 * cases of SimpleRNNCell, LSTMCell, GRUCell, RNN and AttentionWrapper run on every backend in the private
 * @layerspec/testing package): the Bahdanau attention map moves from step to step, masked memory
 * positions get exactly zero weight, and one graph with a symbolic time dim runs any sequence length,
 * causally.
 */
import { describe, expect, it } from 'vitest';
import {
  AttentionWrapper,
  GRUCell,
  LSTMCell,
  RNN,
  Random,
  SimpleRNNCell,
  initWeights,
  tensor,
  type Compiled,
  type Graph,
  type HostTensor,
  type RecurrentCell,
  type TensorType,
} from '@layerspec/spec';
import { backend } from './index.js';
import { expectNoNaN, runGraph } from './testing/run-graph.js';

const f32 = (...shape: (number | string)[]): TensorType => ({ dtype: 'float32', shape });
const boolT = (...shape: (number | string)[]): TensorType => ({ dtype: 'bool', shape });

function randn(shape: number[], seed: number): HostTensor {
  const r = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    Array.from({ length: n }, () => r.normal()),
    shape,
  );
}

/** Element [b, t, l] of a (B, T, L) tensor. */
const at3 = (x: HostTensor, b: number, t: number, l: number) => x.data[(b * x.shape[1]! + t) * x.shape[2]! + l]!;

async function withCompiled<R>(graph: Graph, fn: (c: Compiled) => Promise<R>): Promise<R> {
  const compiled = await backend.compile(graph);
  try {
    return await fn(compiled);
  } finally {
    compiled.dispose();
  }
}

describe('AttentionWrapper: the Bahdanau attention map depends on the recurrent state', () => {
  const cells: [string, () => RecurrentCell<{ units: number }>][] = [
    ['LSTMCell', () => new LSTMCell({ units: 8 })],
    ['GRUCell', () => new GRUCell({ units: 8 })],
  ];
  for (const [label, makeCell] of cells) {
    for (const memoryGiven of [true, false]) {
      it(`${label}, ${memoryGiven ? 'separate memory' : 'memory = inputs'}: attention[:, t, :] differs between consecutive steps`, async () => {
        const layer = new AttentionWrapper({ cell: makeCell(), mechanism: 'bahdanau', units: 8, returnAttention: true });
        const B = 2;
        const T = 6;
        const L = 5;
        const types: Record<string, TensorType> = { inputs: f32('batch', 'time', 4) };
        if (memoryGiven) types['memory'] = f32('batch', 'mem', 5);
        const graph = layer.build(types);
        const inputs: Record<string, HostTensor> = { inputs: randn([B, T, 4], 11) };
        if (memoryGiven) inputs['memory'] = randn([B, L, 5], 12);
        for (const seed of [1, 2, 3]) {
          const out = await runGraph(graph, inputs, initWeights(graph, { seed }));
          expectNoNaN(label, out);
          const att = out['attention']!;
          const Lm = att.shape[2]!;
          expect(att.shape).toEqual([B, T, memoryGiven ? L : T]);
          for (let t = 0; t + 1 < T; t++) {
            let diff = 0;
            for (let b = 0; b < B; b++) {
              for (let l = 0; l < Lm; l++) diff = Math.max(diff, Math.abs(at3(att, b, t + 1, l) - at3(att, b, t, l)));
            }
            expect(diff, `seed ${seed}: max |attention[:, ${t + 1}, :] - attention[:, ${t}, :]|`).toBeGreaterThan(1e-4);
          }
        }
      });
    }
  }
});

describe('AttentionWrapper: masked memory positions get exactly zero weight', () => {
  const variants: [string, () => AttentionWrapper][] = [
    [
      'bahdanau LSTM',
      () => new AttentionWrapper({ cell: new LSTMCell({ units: 5 }), mechanism: 'bahdanau', units: 4, returnAttention: true }),
    ],
    [
      'bahdanau GRU',
      () => new AttentionWrapper({ cell: new GRUCell({ units: 5, resetAfter: false }), mechanism: 'bahdanau', returnAttention: true }),
    ],
    [
      'luong dot LSTM',
      () => new AttentionWrapper({ cell: new LSTMCell({ units: 5 }), mechanism: 'luong', score: 'dot', returnAttention: true }),
    ],
    [
      'luong general GRU',
      () => new AttentionWrapper({ cell: new GRUCell({ units: 4 }), mechanism: 'luong', score: 'general', returnAttention: true }),
    ],
    [
      'luong concat SimpleRNN',
      () =>
        new AttentionWrapper({
          cell: new SimpleRNNCell({ units: 4 }),
          mechanism: 'luong',
          score: 'concat',
          units: 6,
          returnAttention: true,
        }),
    ],
  ];
  // Row 0: positions 1 and 4 masked; row 1: only position 2 allowed; row 2: everything masked.
  const mask = [
    [1, 0, 1, 1, 0, 1],
    [0, 0, 1, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
  ];
  for (const [label, make] of variants) {
    it(label, async () => {
      const layer = make();
      const graph = layer.build({ inputs: f32('batch', 'time', 3), memory: f32('batch', 'mem', 5), memory_mask: boolT('batch', 'mem') });
      const B = 3;
      const T = 5;
      const L = 6;
      // Large memory values make the scores large, so a masked position would show up if it leaked.
      const memory = randn([B, L, 5], 21);
      const memoryScaled = tensor(
        Array.from(memory.data, (v) => 4 * v),
        memory.shape,
      );
      const out = await runGraph(
        graph,
        { inputs: randn([B, T, 3], 22), memory: memoryScaled, memory_mask: tensor(mask.flat(), [B, L], 'bool') },
        initWeights(graph, { seed: 5 }),
      );
      expectNoNaN(label, out);
      const att = out['attention']!;
      expect(att.shape).toEqual([B, T, L]);
      for (let b = 0; b < B; b++) {
        for (let t = 0; t < T; t++) {
          let sum = 0;
          for (let l = 0; l < L; l++) {
            const a = at3(att, b, t, l);
            if (mask[b]![l] === 0) expect(a, `attention[${b}, ${t}, ${l}] (masked)`).toBe(0);
            else expect(a, `attention[${b}, ${t}, ${l}] (allowed)`).toBeGreaterThan(0);
            sum += a;
          }
          if (b === 2) expect(sum).toBe(0);
          else expect(Math.abs(sum - 1), `sum of attention[${b}, ${t}, :]`).toBeLessThan(1e-6); // outputs are float32
        }
      }
      // A single allowed position takes all the weight.
      for (let t = 0; t < T; t++) expect(at3(att, 1, t, 2)).toBe(1);
    });
  }
});

describe('one graph with a symbolic time dim runs any length, causally', () => {
  const D = 3;
  const lengths = [1, 7, 50];
  const B = 2;

  /** Inputs of length T whose first steps are the same for every T (a prefix of one long sequence). */
  const longInputs = randn([B, 50, D], 31);
  const prefix = (T: number) => {
    const data: number[] = [];
    for (let b = 0; b < B; b++) data.push(...Array.from(longInputs.data.slice(b * 50 * D, b * 50 * D + T * D)));
    return tensor(data, [B, T, D]);
  };
  const maskPrefix = (T: number) =>
    tensor(
      Array.from({ length: B * T }, (_, i) => ((i % T) % 4 === 2 ? 0 : 1)),
      [B, T],
      'bool',
    );

  /** output[:, t, :] for t < 7 of the length-50 run equals the length-7 run; lengths 1 and 7 agree likewise. */
  function expectPrefixEqual(label: string, short: HostTensor, long: HostTensor, Ts: number, Tl: number) {
    const u = short.shape[2]!;
    expect(long.shape[2]).toBe(u);
    let worst = 0;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < Ts; t++) {
        for (let k = 0; k < u; k++) {
          const s = short.data[(b * Ts + t) * u + k]!;
          const l = long.data[(b * Tl + t) * u + k]!;
          worst = Math.max(worst, Math.abs(s - l) / Math.max(1, Math.abs(s)));
        }
      }
    }
    expect(worst, `${label}: T=${Tl} vs T=${Ts} on the first ${Ts} steps`).toBeLessThanOrEqual(1e-12);
  }

  async function runLengths(graph: Graph, makeInputs: (T: number) => Record<string, HostTensor>, weights: Record<string, HostTensor>) {
    return withCompiled(graph, async (compiled) => {
      const outs = new Map<number, Record<string, HostTensor>>();
      for (const T of lengths) {
        const out = await compiled.run(makeInputs(T), weights);
        expectNoNaN(`T=${T}`, out);
        outs.set(T, out);
      }
      return outs;
    });
  }

  const cells: [string, () => RecurrentCell<{ units: number }>][] = [
    ['SimpleRNNCell', () => new SimpleRNNCell({ units: 4 })],
    ['LSTMCell', () => new LSTMCell({ units: 4 })],
    ['GRUCell resetAfter', () => new GRUCell({ units: 4 })],
    ['GRUCell resetAfter=false', () => new GRUCell({ units: 4, resetAfter: false })],
  ];
  for (const [label, makeCell] of cells) {
    for (const masked of [false, true]) {
      it(`RNN ${label}${masked ? ' + sequence_mask' : ''}`, async () => {
        const layer = new RNN({ cell: makeCell(), returnSequences: true, returnState: true });
        const types: Record<string, TensorType> = { inputs: f32('batch', 'time', D) };
        if (masked) types['sequence_mask'] = boolT('batch', 'time');
        const graph = layer.build(types);
        const outs = await runLengths(
          graph,
          (T): Record<string, HostTensor> => (masked ? { inputs: prefix(T), sequence_mask: maskPrefix(T) } : { inputs: prefix(T) }),
          initWeights(graph, { seed: 7 }),
        );
        for (const T of lengths) expect(outs.get(T)!['output']!.shape).toEqual([B, T, 4]);
        expectPrefixEqual(label, outs.get(7)!['output']!, outs.get(50)!['output']!, 7, 50);
        expectPrefixEqual(label, outs.get(1)!['output']!, outs.get(7)!['output']!, 1, 7);
        // The length-50 run really goes on: its final state is not the length-7 one.
        const s7 = outs.get(7)!['state_h']!.data;
        const s50 = outs.get(50)!['state_h']!.data;
        expect(Math.max(...Array.from(s7, (v, i) => Math.abs(v - s50[i]!)))).toBeGreaterThan(1e-6);
      });
    }
  }

  const wrappers: [string, () => AttentionWrapper][] = [
    [
      'AttentionWrapper bahdanau LSTM',
      () => new AttentionWrapper({ cell: new LSTMCell({ units: 4 }), mechanism: 'bahdanau', returnAttention: true }),
    ],
    [
      'AttentionWrapper luong general GRU',
      () => new AttentionWrapper({ cell: new GRUCell({ units: 4 }), mechanism: 'luong', score: 'general', returnAttention: true }),
    ],
  ];
  for (const [label, make] of wrappers) {
    it(`${label} (fixed memory)`, async () => {
      const layer = make();
      const graph = layer.build({ inputs: f32('batch', 'time', D), memory: f32('batch', 'mem', 5), sequence_mask: boolT('batch', 'time') });
      const memory = randn([B, 4, 5], 32);
      const outs = await runLengths(
        graph,
        (T) => ({ inputs: prefix(T), memory, sequence_mask: maskPrefix(T) }),
        initWeights(graph, { seed: 8 }),
      );
      for (const T of lengths) {
        expect(outs.get(T)!['output']!.shape).toEqual([B, T, 4]);
        expect(outs.get(T)!['attention']!.shape).toEqual([B, T, 4]);
      }
      for (const name of ['output', 'attention']) {
        expectPrefixEqual(`${label} ${name}`, outs.get(7)![name]!, outs.get(50)![name]!, 7, 50);
        expectPrefixEqual(`${label} ${name}`, outs.get(1)![name]!, outs.get(7)![name]!, 1, 7);
      }
    });
  }
});
