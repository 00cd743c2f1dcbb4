import { Dense, GraphBuilder, SinePositionEncoding, TransformerDecoder, TransformerEncoder, type Graph, type Value } from '@layerspec/spec';
import { VOCAB } from './data.js';
import { block as blockOf, embedding, scaledPlusPositions } from './decoding-model.js';

export interface ModelConfig {
  dModel: number;
  numHeads: number;
  ff: number;
  encoderLayers: number;
  decoderLayers: number;
  /** source and target window length */
  length: number;
  vocab: number;
}

export const DEFAULT_MODEL: Omit<ModelConfig, 'length'> = {
  dModel: 64,
  numHeads: 4,
  ff: 128,
  encoderLayers: 2,
  decoderLayers: 2,
  vocab: VOCAB,
};

/**
 * The whole encoder-decoder as one spec graph, built from the layer set: an Embedding (id 0 is PAD)
 * scaled by sqrt(dModel) plus the sine position encoding, post-LN TransformerEncoder and
 * TransformerDecoder blocks (key padding masks from the embedding, the decoder causal), and a Dense
 * output projection.
 * inputs: `src` (batch, L) int32, `tgt` (batch, L) int32 (BOS + shifted target, PAD after);
 * output: `logits` (batch, L, vocab).
 */
export function buildTransformer(cfg: ModelConfig): Graph {
  const { length: L, vocab } = cfg;
  const b = new GraphBuilder('Transformer');
  const src = b.input('src', { dtype: 'int32', shape: ['batch', L] });
  const tgt = b.input('tgt', { dtype: 'int32', shape: ['batch', L] });

  // One table for both sides: the two windows side by side, (batch, 2L), through one Embedding, then split.
  const both = embedding(cfg).call(b, { input: b.op1('Concat', [src, tgt], { axis: 1 }) }, {}, 'embedding');
  const half = (v: Value, start: number): Value => b.op1('Slice', [v], { starts: [start], ends: [start + L], axes: [1] });
  const positions = new SinePositionEncoding().call(b, { input: half(both['output']!, 0) })['output']!;
  const embed = (start: number, name: string): Value => scaledPlusPositions(b, cfg, half(both['output']!, start), positions, name);
  const srcMask = half(both['mask']!, 0);
  const tgtMask = half(both['mask']!, L);
  const block = blockOf(cfg);

  let memory = embed(0, 'source');
  for (let i = 0; i < cfg.encoderLayers; i++) {
    memory = new TransformerEncoder(block).call(b, { input: memory, padding_mask: srcMask }, {}, `encoder_${i}`)['output']!;
  }
  let y = embed(L, 'target');
  for (let i = 0; i < cfg.decoderLayers; i++) {
    const inputs = { input: y, padding_mask: tgtMask, encoder_sequence: memory, encoder_padding_mask: srcMask };
    y = new TransformerDecoder(block).call(b, inputs, {}, `decoder_${i}`)['output']!;
  }
  b.output('logits', new Dense({ units: vocab }).call(b, { input: y }, {}, 'output_projection')['output']!);
  return b.build();
}
