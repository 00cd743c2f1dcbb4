import type { GraphBuilder, Value } from '../graph/builder.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';
import { TRANSFORMER_SCHEMA, TransformerParts, type TransformerConfig } from './transformer-common.js';
import { BLOCK_INPUTS } from './transformer-encoder.js';

export type TransformerDecoderConfig = TransformerConfig;

const NAME = 'TransformerDecoder';

const DECLARATION = declareLayer<TransformerDecoderConfig>({
  name: NAME,
  doc: "keras-hub's Transformer decoder block: causal self-attention, cross-attention to the encoder's sequence, and a feed-forward network",
  config: TRANSFORMER_SCHEMA,
  inputs: [
    ...BLOCK_INPUTS,
    { name: 'encoder_sequence', dtype: 'float32', ranks: [3] },
    { name: 'encoder_padding_mask', dtype: 'bool', ranks: [2], optional: true },
  ],
  buildOptions: {},
});

/**
 * keras-hub's TransformerDecoder on (B, T, D) with an encoder sequence (B, S, E): causal self-attention
 * (also masked by `padding_mask` and `attention_mask`), cross-attention to `encoder_sequence` (keys
 * masked by `encoder_padding_mask`), then the feed-forward network, each with a residual and a layer
 * norm as in TransformerEncoder.
 */
export class TransformerDecoder extends Layer<TransformerDecoderConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<TransformerDecoderConfig> & Pick<TransformerDecoderConfig, 'intermediateDim' | 'numHeads'>) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const x = inputs['input']!;
    const memory = inputs['encoder_sequence']!;
    const parts = TransformerParts.start(b, NAME, this.config, x);
    const selfMask = parts.mergeMasks(inputs['padding_mask'], inputs['attention_mask']);
    const crossMask = parts.mergeMasks(inputs['encoder_padding_mask'], undefined);
    const attended = parts.residual('self_attention_layer_norm', x, (y) => parts.attention('self_attention', y, y, selfMask, true));
    const crossed = parts.residual('cross_attention_layer_norm', attended, (y) =>
      parts.attention('cross_attention', y, memory, crossMask, false),
    );
    return { output: parts.residual('feedforward_layer_norm', crossed, (y) => parts.feedForward(y)) };
  }
}
