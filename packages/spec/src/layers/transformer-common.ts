import { LayerspecError } from '../errors.js';
import type { GraphBuilder, Value } from '../graph/builder.js';
import type { InitializerLike } from '../init/spec.js';
import { activationField, type ActivationName } from './activations.js';
import { staticDim } from './checks.js';
import { fields, type ConfigSchema } from './config.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { LayerNormalization } from './layer-normalization.js';
import { MultiHeadAttention } from './multi-head-attention.js';

/** The config of keras-hub's TransformerEncoder and TransformerDecoder (and a seed for their dropouts). */
export interface TransformerConfig {
  intermediateDim: number;
  numHeads: number;
  dropout: number;
  activation: ActivationName;
  layerNormEpsilon: number;
  kernelInitializer: InitializerLike;
  biasInitializer: InitializerLike;
  normalizeFirst: boolean;
  seed: number;
}

export const TRANSFORMER_SCHEMA: ConfigSchema<TransformerConfig> = {
  intermediateDim: fields.int('hidden size of the feed-forward network', { min: 1 }),
  numHeads: fields.int('number of attention heads (key size: the model size / numHeads, rounded down)', { min: 1 }),
  dropout: fields.number('dropout rate of the attention weights and after each sublayer, training only', { min: 0, below: 1, default: 0 }),
  activation: activationField('activation of the feed-forward hidden layer', 'relu'),
  layerNormEpsilon: fields.number('epsilon of the layer normalizations', { positive: true, default: 1e-5 }),
  kernelInitializer: fields.initializer('initializer of the dense and attention kernels', 'glorotUniform'),
  biasInitializer: fields.initializer('initializer of the dense and attention biases', 'zeros'),
  normalizeFirst: fields.bool('normalize before each sublayer (pre-LN) instead of after the residual (post-LN)', false),
  seed: fields.int('seed of the dropout patterns', { default: 0 }),
};

/** Writes keras-hub's Transformer sublayers into a block's graph, under keras-hub's names. */
export class TransformerParts {
  private seeds = 0;

  constructor(
    private readonly b: GraphBuilder,
    private readonly config: Readonly<TransformerConfig>,
    readonly hidden: number,
  ) {}

  static start(b: GraphBuilder, layer: string, config: Readonly<TransformerConfig>, x: Value): TransformerParts {
    const hidden = staticDim(layer, 'input', x, 2);
    if (hidden < config.numHeads) {
      throw new LayerspecError(layer, `the model size ${hidden} (input dim 2) is smaller than numHeads ${config.numHeads}`);
    }
    return new TransformerParts(b, config, hidden);
  }

  /** (B, T) true-is-token padding and (B, Tq, Tk) attention masks merged into one (B, Tq | 1, Tk) mask. */
  mergeMasks(padding: Value | undefined, attention: Value | undefined): Value | undefined {
    const keys = padding ? this.b.op1('Unsqueeze', [padding], { axes: [1] }) : undefined;
    if (keys && attention) return this.b.op1('And', [keys, attention]);
    return keys ?? attention;
  }

  /** x + dropout(sublayer(x)), with the layer norm `norm` before the sublayer (pre-LN) or after the sum (post-LN). */
  residual(norm: string, x: Value, sublayer: (y: Value) => Value): Value {
    const pre = this.config.normalizeFirst;
    const y = sublayer(pre ? this.norm(norm, x) : x);
    const sum = this.b.op1('Add', [this.dropout(`${norm.replace(/_layer_norm$/, '')}_dropout`, y), x]);
    return pre ? sum : this.norm(norm, sum);
  }

  attention(name: string, query: Value, value: Value, mask: Value | undefined, causal: boolean): Value {
    return this.attentionWith(name, { query, value, ...(mask ? { attention_mask: mask } : {}) }, { useCausalMask: causal })['output']!;
  }

  /** The block's MultiHeadAttention on these inputs and build options (e.g. a key/value cache): all its outputs. */
  attentionWith(name: string, inputs: Record<string, Value>, options: { useCausalMask: boolean; cache?: boolean }): Record<string, Value> {
    const mha = new MultiHeadAttention({
      numHeads: this.config.numHeads,
      keyDim: Math.floor(this.hidden / this.config.numHeads),
      dropout: this.config.dropout,
      kernelInitializer: this.config.kernelInitializer,
      biasInitializer: this.config.biasInitializer,
      seed: this.nextSeed(),
    });
    return mha.call(this.b, inputs, options, name);
  }

  feedForward(x: Value): Value {
    const init = { kernelInitializer: this.config.kernelInitializer, biasInitializer: this.config.biasInitializer };
    const inner = new Dense({ units: this.config.intermediateDim, activation: this.config.activation, ...init });
    const h = inner.call(this.b, { input: x }, {}, 'feedforward_intermediate_dense')['output']!;
    return new Dense({ units: this.hidden, ...init }).call(this.b, { input: h }, {}, 'feedforward_output_dense')['output']!;
  }

  private norm(name: string, x: Value): Value {
    return new LayerNormalization({ epsilon: this.config.layerNormEpsilon }).call(this.b, { input: x }, {}, name)['output']!;
  }

  private dropout(name: string, x: Value): Value {
    if (this.config.dropout === 0) return x;
    return new Dropout({ rate: this.config.dropout, seed: this.nextSeed() }).call(this.b, { input: x }, {}, name)['output']!;
  }

  private nextSeed(): number {
    return this.config.seed + 1000 * this.seeds++;
  }
}
