import {
  Add,
  Dense,
  Embedding,
  GraphBuilder,
  SinePositionEncoding,
  TransformerDecoder,
  TransformerEncoder,
  type Graph,
  type HostTensor,
  type Value,
} from '@layerspec/spec';
import type { ModelConfig } from './model.js';

/**
 * The model of `buildTransformer` as two graphs for incremental decoding, under the same layer names,
 * so they run on the trained weights (each graph takes the ones it uses, `weightsFor`):
 *
 * - `buildEncoder`: `src` (batch, L) -> `memory` (batch, L, d), the encoder's output, and `memory_mask`
 *   (batch, L), true at the source's tokens. Runs once per batch.
 * - `buildDecoderStep`: one target position per run. Inputs `token` (batch, 1) int32, the token at
 *   `position` (1) int32, `memory`, `memory_mask`, and per decoder block `decoder_<i>/past_key`,
 *   `decoder_<i>/past_value` (batch, heads, P, d / heads): the self-attention keys and values of the P
 *   earlier positions. Outputs `logits` (batch, 1, vocab) and `decoder_<i>/present_key`,
 *   `decoder_<i>/present_value` (P + 1 long), the next step's caches (`decode` in the library feeds them
 *   back).
 *
 * The step graph has no target padding mask: the positions up to the current one are all tokens (BOS
 * and the tokens chosen so far), which is what the full graph's mask says about them too; its causal
 * mask hides every later position.
 */
export function buildEncoder(cfg: ModelConfig): Graph {
  const b = new GraphBuilder('TransformerEncoder');
  const src = b.input('src', { dtype: 'int32', shape: ['batch', cfg.length] });
  const embedded = embedding(cfg).call(b, { input: src }, {}, 'embedding');
  const mask = embedded['mask']!;
  const positions = new SinePositionEncoding().call(b, { input: embedded['output']! })['output']!;
  let memory = scaledPlusPositions(b, cfg, embedded['output']!, positions, 'source');
  for (let i = 0; i < cfg.encoderLayers; i++) {
    memory = new TransformerEncoder(block(cfg)).call(b, { input: memory, padding_mask: mask }, {}, `encoder_${i}`)['output']!;
  }
  b.output('memory', memory);
  b.output('memory_mask', mask);
  return b.build();
}

export function buildDecoderStep(cfg: ModelConfig): Graph {
  const b = new GraphBuilder('TransformerDecoderStep');
  const token = b.input('token', { dtype: 'int32', shape: ['batch', 1] });
  const position = b.input('position', { dtype: 'int32', shape: [1] });
  const memory = b.input('memory', { dtype: 'float32', shape: ['batch', cfg.length, cfg.dModel] });
  const memoryMask = b.input('memory_mask', { dtype: 'bool', shape: ['batch', cfg.length] });
  // The sine encoding of every position of the window (as the full graph computes it), then the step's row.
  const table = new SinePositionEncoding().call(b, { input: memory })['output']!;
  const positions = b.op1('Gather', [table, position], { axis: 1 });
  const embedded = embedding(cfg).call(b, { input: token }, {}, 'embedding')['output']!;
  let y = scaledPlusPositions(b, cfg, embedded, positions, 'target');
  const keyDim = Math.floor(cfg.dModel / cfg.numHeads);
  for (let i = 0; i < cfg.decoderLayers; i++) {
    const scope = `decoder_${i}`;
    const cache = (name: string) => b.input(`${scope}/${name}`, { dtype: 'float32', shape: ['batch', cfg.numHeads, 'p', keyDim] });
    const inputs = {
      input: y,
      encoder_sequence: memory,
      encoder_padding_mask: memoryMask,
      past_key: cache('past_key'),
      past_value: cache('past_value'),
    };
    const out = new TransformerDecoder(block(cfg)).call(b, inputs, { cache: true }, scope);
    b.output(`${scope}/present_key`, out['present_key']!);
    b.output(`${scope}/present_value`, out['present_value']!);
    y = out['output']!;
  }
  b.output('logits', new Dense({ units: cfg.vocab }).call(b, { input: y }, {}, 'output_projection')['output']!);
  return b.build();
}

/** The weights among `weights` that `graph` takes. */
export function weightsFor(graph: Graph, weights: Readonly<Record<string, HostTensor>>): Record<string, HostTensor> {
  return Object.fromEntries(graph.params.map((p) => [p.name, weights[p.name]!]));
}

/** The one Embedding of the model (id 0 is PAD); `buildTransformer` uses it too. */
export const embedding = (cfg: ModelConfig): Embedding => new Embedding({ inputDim: cfg.vocab, outputDim: cfg.dModel, maskZero: true });

/** The settings of every encoder and decoder block. */
export const block = (cfg: ModelConfig) => ({ intermediateDim: cfg.ff, numHeads: cfg.numHeads, layerNormEpsilon: 1e-6 });

/** embedded * sqrt(d) + positions, through an Add layer named `name`. */
export function scaledPlusPositions(b: GraphBuilder, cfg: ModelConfig, embedded: Value, positions: Value, name: string): Value {
  const scaled = b.op1('Mul', [embedded, b.scalar(Math.sqrt(cfg.dModel))]);
  return new Add().call(b, { input_0: scaled, input_1: positions }, {}, name)['output']!;
}
