import {
  AttentionWrapper,
  GRUCell,
  LSTMCell,
  LayerNormalization,
  MultiHeadAttention,
  RMSNormalization,
  RNN,
  Random,
  ScaledDotProductAttention,
  SequenceAttention,
  SimpleRNNCell,
  LAYER_NAMES,
  sizeOf,
  type Graph,
  type HostTensor,
  type LayerName,
  type TensorType,
} from '@layerspec/spec';
import { MODEL_DEMOS } from './catalog-models.js';

/** One layer of the tour: how to build it and what to feed it. */
export interface Demo {
  readonly title: string;
  build(): Graph;
  /** Concrete input sizes for each symbolic dim. */
  readonly sizes: Readonly<Record<string, number>>;
}

const f32 = (...shape: (number | string)[]): TensorType => ({ dtype: 'float32', shape });
const bool = (...shape: (number | string)[]): TensorType => ({ dtype: 'bool', shape });

/**
 * Every layer of the layer table in representative configurations (at least one each), with symbolic
 * batch and sequence dims.
 */
export const DEMOS_BY_LAYER: { readonly [K in LayerName]: readonly [Demo, ...Demo[]] } = {
  ScaledDotProductAttention: [
    {
      title: 'ScaledDotProductAttention (causal lowerRight, grouped-query 4/2 heads)',
      sizes: { batch: 2, tq: 5, tk: 7 },
      build: () =>
        new ScaledDotProductAttention({ causal: 'lowerRight' }).build(
          { query: f32('batch', 4, 'tq', 8), key: f32('batch', 2, 'tk', 8), value: f32('batch', 2, 'tk', 8) },
          { returnAttentionScores: true },
        ),
    },
  ],
  MultiHeadAttention: [
    {
      title: 'MultiHeadAttention (4 heads, causal, padding mask)',
      sizes: { batch: 2, seq: 6 },
      build: () =>
        new MultiHeadAttention({ numHeads: 4, keyDim: 8 }).build(
          { query: f32('batch', 'seq', 16), value: f32('batch', 'seq', 16), attention_mask: bool('batch', 'seq', 'seq') },
          { useCausalMask: true, returnAttentionScores: true },
        ),
    },
  ],
  LayerNormalization: [
    {
      title: 'LayerNormalization (axis -1)',
      sizes: { batch: 2, seq: 6 },
      build: () => new LayerNormalization().build({ input: f32('batch', 'seq', 16) }),
    },
  ],
  RMSNormalization: [
    {
      title: 'RMSNormalization (axis -1)',
      sizes: { batch: 2, seq: 6 },
      build: () => new RMSNormalization().build({ input: f32('batch', 'seq', 16) }),
    },
  ],
  SequenceAttention: [
    {
      title: "SequenceAttention (Luong 'general', attentional output)",
      sizes: { batch: 2, tq: 5, tv: 7 },
      build: () =>
        new SequenceAttention({ score: 'general', attentionalUnits: 12 }).build(
          { query: f32('batch', 'tq', 16), value: f32('batch', 'tv', 16), value_mask: bool('batch', 'tv') },
          { returnAttentionScores: true },
        ),
    },
    {
      title: "SequenceAttention (Luong 'concat', useScale, causal)",
      sizes: { batch: 2, tq: 5, tv: 5 },
      build: () =>
        new SequenceAttention({ score: 'concat', units: 10, useScale: true, causal: true }).build({
          query: f32('batch', 'tq', 16),
          value: f32('batch', 'tv', 16),
        }),
    },
  ],
  SimpleRNNCell: [
    {
      title: 'SimpleRNNCell (one step, relu)',
      sizes: { batch: 2 },
      build: () => new SimpleRNNCell({ units: 8, activation: 'relu' }).build({ input: f32('batch', 6), state_h: f32('batch', 8) }),
    },
  ],
  LSTMCell: [
    {
      title: 'LSTMCell (one step)',
      sizes: { batch: 2 },
      build: () => new LSTMCell({ units: 8 }).build({ input: f32('batch', 6), state_h: f32('batch', 8), state_c: f32('batch', 8) }),
    },
  ],
  GRUCell: [
    {
      title: 'GRUCell (one step, reset gate before the recurrent product)',
      sizes: { batch: 2 },
      build: () => new GRUCell({ units: 8, resetAfter: false }).build({ input: f32('batch', 6), state_h: f32('batch', 8) }),
    },
  ],
  RNN: [
    {
      title: 'RNN (SimpleRNNCell, every step)',
      sizes: { batch: 2, time: 9 },
      build: () => new RNN({ cell: new SimpleRNNCell({ units: 8 }), returnSequences: true }).build({ inputs: f32('batch', 'time', 6) }),
    },
    {
      title: 'RNN (GRUCell, backwards, sequence mask, final state)',
      sizes: { batch: 2, time: 9 },
      build: () =>
        new RNN({ cell: new GRUCell({ units: 8 }), goBackwards: true, returnState: true }).build({
          inputs: f32('batch', 'time', 6),
          sequence_mask: bool('batch', 'time'),
        }),
    },
  ],
  AttentionWrapper: [
    {
      title: 'AttentionWrapper (LSTMCell, Bahdanau, memory mask)',
      sizes: { batch: 2, time: 5, memory: 7 },
      build: () =>
        new AttentionWrapper({ cell: new LSTMCell({ units: 8 }), mechanism: 'bahdanau', units: 8, returnAttention: true }).build({
          inputs: f32('batch', 'time', 6),
          memory: f32('batch', 'memory', 10),
          memory_mask: bool('batch', 'memory'),
        }),
    },
    {
      title: "AttentionWrapper (GRUCell, Luong 'general', input feeding)",
      sizes: { batch: 2, time: 5, memory: 7 },
      build: () =>
        new AttentionWrapper({ cell: new GRUCell({ units: 8 }), mechanism: 'luong', score: 'general', returnAttention: true }).build({
          inputs: f32('batch', 'time', 6),
          memory: f32('batch', 'memory', 10),
        }),
    },
  ],
  ...MODEL_DEMOS,
};

/** Every demo, in layer table order: what the tour runs. */
export const DEMOS: readonly Demo[] = LAYER_NAMES.flatMap((name) => DEMOS_BY_LAYER[name]);

/**
 * Seeded inputs for a graph: normal floats; bool masks mostly true, with the first query row of the
 * last batch entry fully masked where the mask has a query axis, to show the zero-row rule.
 */
export function demoInputs(graph: Graph, sizes: Readonly<Record<string, number>>, seed = 7): Record<string, HostTensor> {
  const rng = new Random(seed);
  const out: Record<string, HostTensor> = {};
  for (const v of graph.inputs) {
    const shape = v.type.shape.map((d) => (typeof d === 'number' ? d : (sizes[d] ?? 1)));
    const n = sizeOf(shape);
    if (v.type.dtype === 'bool') {
      const data = new Uint8Array(n).map(() => (rng.uniform() < 0.85 ? 1 : 0));
      if (shape.length === 3) data.fill(0, n - shape[1]! * shape[2]!, n - shape[1]! * shape[2]! + shape[2]!);
      out[v.name] = { dtype: 'bool', shape, data };
    } else if (v.type.dtype === 'int32') {
      // token and position ids: 0..3, valid for every demo's vocabulary
      out[v.name] = { dtype: 'int32', shape, data: Int32Array.from({ length: n }, () => Math.floor(rng.uniform() * 4)) };
    } else {
      out[v.name] = { dtype: 'float32', shape, data: Float32Array.from({ length: n }, () => rng.normal()) };
    }
  }
  return out;
}
