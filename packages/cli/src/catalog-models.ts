import {
  Activation,
  Add,
  Dense,
  Dropout,
  Embedding,
  Functional,
  LayerNormalization,
  PositionEmbedding,
  RotaryEmbedding,
  Sequential,
  SinePositionEncoding,
  TransformerDecoder,
  TransformerEncoder,
  type TensorType,
} from '@layerspec/spec';
import type { Demo } from './catalog.js';

const f32 = (...shape: (number | string)[]): TensorType => ({ dtype: 'float32', shape });
const bool = (...shape: (number | string)[]): TensorType => ({ dtype: 'bool', shape });
const i32 = (...shape: (number | string)[]): TensorType => ({ dtype: 'int32', shape });
const seq = { batch: 2, seq: 6 };

/** The tour's demos of the model building blocks and the models (a part of `DEMOS_BY_LAYER`). */
export const MODEL_DEMOS = {
  Dense: [
    {
      title: 'Dense (16 -> 32, gelu)',
      sizes: seq,
      build: () => new Dense({ units: 32, activation: 'gelu' }).build({ input: f32('batch', 'seq', 16) }),
    },
  ],
  Embedding: [
    {
      title: 'Embedding (vocabulary 100, 16 dims, maskZero)',
      sizes: seq,
      build: () => new Embedding({ inputDim: 100, outputDim: 16, maskZero: true }).build({ input: i32('batch', 'seq') }),
    },
  ],
  SinePositionEncoding: [
    {
      title: 'SinePositionEncoding (symbolic length)',
      sizes: seq,
      build: () => new SinePositionEncoding().build({ input: f32('batch', 'seq', 16) }),
    },
  ],
  PositionEmbedding: [
    {
      title: 'PositionEmbedding (up to 32 positions)',
      sizes: seq,
      build: () => new PositionEmbedding({ sequenceLength: 32 }).build({ input: f32('batch', 'seq', 16) }),
    },
  ],
  RotaryEmbedding: [
    {
      title: 'RotaryEmbedding (4 heads, interleaved, position ids)',
      sizes: seq,
      build: () =>
        new RotaryEmbedding({ interleaved: true }).build({ input: f32('batch', 4, 'seq', 8), position_ids: i32('batch', 'seq') }),
    },
  ],
  Activation: [
    {
      title: 'Activation (silu)',
      sizes: seq,
      build: () => new Activation({ activation: 'silu' }).build({ input: f32('batch', 'seq', 16) }),
    },
  ],
  Dropout: [
    {
      title: 'Dropout (rate 0.1; the identity in inference)',
      sizes: seq,
      build: () => new Dropout({ rate: 0.1 }).build({ input: f32('batch', 'seq', 16) }),
    },
  ],
  Add: [
    {
      title: 'Add (three inputs, one broadcast)',
      sizes: seq,
      build: () => new Add().build({ input_0: f32('batch', 'seq', 16), input_1: f32('batch', 'seq', 16), input_2: f32(16) }),
    },
  ],
  TransformerEncoder: [
    {
      title: 'TransformerEncoder (4 heads, pre-LN, padding mask)',
      sizes: seq,
      build: () =>
        new TransformerEncoder({ intermediateDim: 32, numHeads: 4, normalizeFirst: true }).build({
          input: f32('batch', 'seq', 16),
          padding_mask: bool('batch', 'seq'),
        }),
    },
  ],
  TransformerDecoder: [
    {
      title: 'TransformerDecoder (4 heads, causal, cross-attention)',
      sizes: { batch: 2, seq: 6, source: 5 },
      build: () =>
        new TransformerDecoder({ intermediateDim: 32, numHeads: 4 }).build({
          input: f32('batch', 'seq', 16),
          encoder_sequence: f32('batch', 'source', 16),
        }),
    },
  ],
  Sequential: [
    {
      title: 'Sequential (Dense, LayerNormalization, Dense)',
      sizes: seq,
      build: () =>
        new Sequential([new Dense({ units: 32, activation: 'relu' }), new LayerNormalization(), new Dense({ units: 8 })]).build({
          input: f32('batch', 'seq', 16),
        }),
    },
  ],
  Functional: [
    {
      title: 'Functional (Embedding + SinePositionEncoding -> TransformerEncoder -> Dense)',
      sizes: seq,
      build: () =>
        new Functional({
          inputTypes: { ids: { dtype: 'int32', rank: 2 } },
          layers: [
            { name: 'embedding', layer: new Embedding({ inputDim: 100, outputDim: 16, maskZero: true }), inputs: { input: 'ids' } },
            { name: 'positions', layer: new SinePositionEncoding(), inputs: { input: 'embedding' } },
            { name: 'add', layer: new Add(), inputs: { input_0: 'embedding', input_1: 'positions' } },
            {
              name: 'encoder',
              layer: new TransformerEncoder({ intermediateDim: 32, numHeads: 4 }),
              inputs: { input: 'add', padding_mask: 'embedding:mask' },
            },
            { name: 'logits', layer: new Dense({ units: 100 }), inputs: { input: 'encoder' } },
          ],
          outputs: { logits: 'logits' },
        }).build({ ids: i32('batch', 'seq') }),
    },
  ],
} satisfies Record<string, readonly [Demo, ...Demo[]]>;
