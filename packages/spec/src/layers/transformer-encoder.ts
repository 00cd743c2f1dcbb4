import type { GraphBuilder, Value } from '../graph/builder.js';
import { declareLayer, type InputDecl } from './declaration.js';
import { Layer } from './layer.js';
import { TRANSFORMER_SCHEMA, TransformerParts, type TransformerConfig } from './transformer-common.js';

export type TransformerEncoderConfig = TransformerConfig;

const NAME = 'TransformerEncoder';

/** The block's input and its masks: `padding_mask` (B, T) true = token, `attention_mask` (B, T, T) true = attend. */
export const BLOCK_INPUTS: readonly InputDecl[] = [
  { name: 'input', dtype: 'float32', ranks: [3] },
  { name: 'padding_mask', dtype: 'bool', ranks: [2], optional: true },
  { name: 'attention_mask', dtype: 'bool', ranks: [3], optional: true },
];

const DECLARATION = declareLayer<TransformerEncoderConfig>({
  name: NAME,
  doc: "keras-hub's Transformer encoder block: self-attention and a feed-forward network, each with a residual and a layer norm",
  config: TRANSFORMER_SCHEMA,
  inputs: BLOCK_INPUTS,
  buildOptions: {},
});

/**
 * keras-hub's TransformerEncoder on (B, T, D): x = x + attention(x) then x = x + ffn(x), each sum
 * layer-normalized (post-LN) or each sublayer's input normalized (pre-LN, `normalizeFirst`). Built from
 * MultiHeadAttention, LayerNormalization, Dense and Dropout under keras-hub's sublayer names.
 */
export class TransformerEncoder extends Layer<TransformerEncoderConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<TransformerEncoderConfig> & Pick<TransformerEncoderConfig, 'intermediateDim' | 'numHeads'>) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const x = inputs['input']!;
    const parts = TransformerParts.start(b, NAME, this.config, x);
    const mask = parts.mergeMasks(inputs['padding_mask'], inputs['attention_mask']);
    const attended = parts.residual('self_attention_layer_norm', x, (y) => parts.attention('self_attention', y, y, mask, false));
    return { output: parts.residual('feedforward_layer_norm', attended, (y) => parts.feedForward(y)) };
  }
}
