import type { GraphBuilder, Value } from '../graph/builder.js';
import { CACHE_BUILD_OPTIONS, cacheInputs, type CacheBuildOptions } from './attention-cache.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';
import { TRANSFORMER_SCHEMA, TransformerParts, type TransformerConfig } from './transformer-common.js';
import { BLOCK_INPUTS } from './transformer-encoder.js';

export type TransformerDecoderConfig = TransformerConfig;

const NAME = 'TransformerDecoder';

export type TransformerDecoderBuildOptions = CacheBuildOptions;

const DECLARATION = declareLayer<TransformerDecoderConfig, TransformerDecoderBuildOptions>({
  name: NAME,
  doc: "keras-hub's Transformer decoder block: causal self-attention, cross-attention to the encoder's sequence, and a feed-forward network",
  config: TRANSFORMER_SCHEMA,
  inputs: [
    ...BLOCK_INPUTS,
    { name: 'encoder_sequence', dtype: 'float32', ranks: [3] },
    { name: 'encoder_padding_mask', dtype: 'bool', ranks: [2], optional: true },
    ...cacheInputs([4]),
  ],
  buildOptions: CACHE_BUILD_OPTIONS,
});

/**
 * keras-hub's TransformerDecoder on (B, T, D) with an encoder sequence (B, S, E): causal self-attention
 * (also masked by `padding_mask` and `attention_mask`), cross-attention to `encoder_sequence` (keys
 * masked by `encoder_padding_mask`), then the feed-forward network, each with a residual and a layer
 * norm as in TransformerEncoder.
 *
 * With the build option `cache`, the self-attention takes `past_key`/`past_value` (B, H, P, D / H) and
 * outputs `present_key`/`present_value` (P + T long), as MultiHeadAttention does: the block then runs on
 * the T new positions of a sequence whose P earlier positions are in the caches (causal lower-right).
 * `padding_mask` (B, P + T) and `attention_mask` (B, T, P + T) then cover the past keys too.
 */
export class TransformerDecoder extends Layer<TransformerDecoderConfig, TransformerDecoderBuildOptions> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<TransformerDecoderConfig> & Pick<TransformerDecoderConfig, 'intermediateDim' | 'numHeads'>) {
    super(DECLARATION, config);
  }

  protected apply(
    b: GraphBuilder,
    inputs: Readonly<Record<string, Value>>,
    options: TransformerDecoderBuildOptions,
  ): Record<string, Value> {
    const x = inputs['input']!;
    const memory = inputs['encoder_sequence']!;
    const parts = TransformerParts.start(b, NAME, this.config, x);
    const selfMask = parts.mergeMasks(inputs['padding_mask'], inputs['attention_mask']);
    const crossMask = parts.mergeMasks(inputs['encoder_padding_mask'], undefined);
    const present: Record<string, Value> = {};
    const attended = parts.residual('self_attention_layer_norm', x, (y) => {
      if (!options.cache) return parts.attention('self_attention', y, y, selfMask, true);
      const attnInputs: Record<string, Value> = { query: y, value: y, past_key: inputs['past_key']!, past_value: inputs['past_value']! };
      if (selfMask) attnInputs['attention_mask'] = selfMask;
      const out = parts.attentionWith('self_attention', attnInputs, { useCausalMask: true, cache: true });
      present['present_key'] = out['present_key']!;
      present['present_value'] = out['present_value']!;
      return out['output']!;
    });
    const crossed = parts.residual('cross_attention_layer_norm', attended, (y) =>
      parts.attention('cross_attention', y, memory, crossMask, false),
    );
    return { output: parts.residual('feedforward_layer_norm', crossed, (y) => parts.feedForward(y)), ...present };
  }
}
