import { LayerspecError } from '../errors.js';
import type { GraphBuilder, Value } from '../graph/builder.js';
import type { InitializerLike } from '../init/spec.js';
import { formatShape } from '../tensor.js';
import { broadcastsTo } from '../shape.js';
import type { Dim } from '../types.js';
import { attend } from './attention-core.js';
import { appendToCache, CACHE_BUILD_OPTIONS, cacheInputs } from './attention-cache.js';
import { attentionRegion } from './attention-region.js';
import { expectDim, staticDim } from './checks.js';
import { fields } from './config.js';
import { QUERY_VALUE_KEY_INPUTS, WEIGHT_AND_SEED_FIELDS } from './attention-fields.js';
import { declareLayer } from './declaration.js';
import { withFans } from './initializer-fans.js';
import { Layer } from './layer.js';
import { ATTENTION_BUILD_OPTIONS } from './scaled-dot-product-attention.js';

export interface MultiHeadAttentionConfig {
  numHeads: number;
  keyDim: number;
  /** Default: keyDim. */
  valueDim?: number | undefined;
  dropout: number;
  useBias: boolean;
  /** Default: the query's last dim. */
  outputShape?: number | undefined;
  kernelInitializer: InitializerLike;
  biasInitializer: InitializerLike;
  seed: number;
}

export interface MultiHeadAttentionBuildOptions {
  useCausalMask?: boolean;
  returnAttentionScores?: boolean;
  cache?: boolean;
}

const NAME = 'MultiHeadAttention';

const DECLARATION = declareLayer<MultiHeadAttentionConfig, MultiHeadAttentionBuildOptions>({
  name: NAME,
  doc: 'multi-head attention with Keras 3 weight names and layouts',
  config: {
    numHeads: fields.int('number of heads', { min: 1 }),
    keyDim: fields.int('size of each query/key head', { min: 1 }),
    valueDim: fields.optional(fields.int('size of each value head (default keyDim)', { min: 1 })),
    dropout: fields.number('dropout rate on the attention weights, training only', { min: 0, below: 1, default: 0 }),
    useBias: fields.bool('add biases to the projections', true),
    outputShape: fields.optional(fields.int("output feature size (default: the query's)", { min: 1 })),
    ...WEIGHT_AND_SEED_FIELDS,
  },
  inputs: [...QUERY_VALUE_KEY_INPUTS, { name: 'attention_mask', dtype: 'bool', optional: true }, ...cacheInputs([4])],
  buildOptions: {
    useCausalMask: fields.bool('query i attends only keys j <= i (lower-right over past + new keys under cache)', false),
    ...ATTENTION_BUILD_OPTIONS,
    ...CACHE_BUILD_OPTIONS,
  },
});

/** Multi-head attention with Keras 3 weight names and layouts (see LAYERS.md). */
export class MultiHeadAttention extends Layer<MultiHeadAttentionConfig, MultiHeadAttentionBuildOptions> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<MultiHeadAttentionConfig> & Pick<MultiHeadAttentionConfig, 'numHeads' | 'keyDim'>) {
    super(DECLARATION, config);
  }

  protected apply(
    b: GraphBuilder,
    inputs: Readonly<Record<string, Value>>,
    options: MultiHeadAttentionBuildOptions,
  ): Record<string, Value> {
    const { numHeads: h, keyDim } = this.config;
    const valueDim = this.config.valueDim ?? keyDim;
    const query = inputs['query']!;
    const value = inputs['value']!;
    const key = inputs['key'] ?? value;
    const keyName = inputs['key'] ? 'key' : 'value';
    expectDim(NAME, 'value', value, 0, query.type.shape[0]!, "the query's batch size");
    expectDim(NAME, keyName, key, 0, query.type.shape[0]!, "the query's batch size");
    expectDim(NAME, keyName, key, 1, value.type.shape[1]!, "the value's sequence length");
    const dq = staticDim(NAME, 'query', query, 2);
    const dout = this.config.outputShape ?? dq;

    const q = this.project(b, 'query', query, dq, keyDim);
    const k = this.project(b, 'key', key, staticDim(NAME, keyName, key, 2), keyDim);
    const v = this.project(b, 'value', value, staticDim(NAME, 'value', value, 2), valueDim);
    const pastKey = options.cache ? inputs['past_key'] : undefined;
    const pastValue = options.cache ? inputs['past_value'] : undefined;
    const mask = this.headMask(b, inputs['attention_mask']);
    const spec = {
      scale: 1 / Math.sqrt(keyDim),
      causal: options.useCausalMask ? (options.cache ? 'lowerRight' : 'upperLeft') : undefined,
      heads: h,
    } as const;
    // The region reads the projections (B, T, H * size) and makes the merged heads (B, Tq, H * valueDim).
    const region = attentionRegion(b, { query: q, key: k, value: v, mask, pastKey, pastValue }, spec, () => {
      let [qh, kh, vh] = [this.splitHeads(b, q, keyDim), this.splitHeads(b, k, keyDim), this.splitHeads(b, v, valueDim)];
      let presentKey: Value | undefined;
      let presentValue: Value | undefined;
      if (pastKey && pastValue) {
        kh = presentKey = appendToCache(NAME, b, 'past_key', pastKey, `${keyName} (projected)`, kh);
        vh = presentValue = appendToCache(NAME, b, 'past_value', pastValue, 'value (projected)', vh);
      }
      this.checkMask(inputs['attention_mask'], query, kh.type.shape[2]!, options.cache ? 'P + Tv' : 'Tv');
      const core = attend(b, qh, kh, vh, { ...spec, mask, dropout: this.config.dropout, seed: this.config.seed });
      const merged = b
        .value(core.output)
        .transpose({ perm: [0, 2, 1, 3] })
        .reshape({ shape: [0, 0, h * valueDim] });
      return { output: merged, weights: core.weights, presentKey, presentValue };
    });
    const { presentKey, presentValue } = region;
    const merged = b.value(region.output);
    const out = b.scope('attention_output', () => {
      const kernel = b.param(
        'kernel',
        { dtype: 'float32', shape: [h, valueDim, dout] },
        withFans(this.config.kernelInitializer, h * valueDim, dout),
      );
      const y = merged.matMul(kernel.reshape({ shape: [h * valueDim, dout] }));
      return this.config.useBias ? y.add(b.param('bias', { dtype: 'float32', shape: [dout] }, this.config.biasInitializer)) : y;
    });
    const outputs: Record<string, Value> = { output: out };
    if (options.returnAttentionScores) outputs['attention_scores'] = region.weights;
    if (presentKey && presentValue) {
      outputs['present_key'] = presentKey;
      outputs['present_value'] = presentValue;
    }
    return outputs;
  }

  /** x (B, T, D) -> (B, T, H * size) through `name/kernel` (D, H, size) and `name/bias` (H, size). */
  private project(b: GraphBuilder, name: string, x: Value, d: number, size: number): Value {
    const h = this.config.numHeads;
    return b.scope(name, () => {
      const kernel = b.param('kernel', { dtype: 'float32', shape: [d, h, size] }, withFans(this.config.kernelInitializer, d, h * size));
      const y = b.value(x).matMul(kernel.reshape({ shape: [d, h * size] }));
      if (!this.config.useBias) return y;
      return y.add(b.param('bias', { dtype: 'float32', shape: [h, size] }, this.config.biasInitializer).reshape({ shape: [h * size] }));
    });
  }

  /** (B, T, H * size) -> (B, H, T, size). */
  private splitHeads(b: GraphBuilder, x: Value, size: number): Value {
    return b
      .value(x)
      .reshape({ shape: [0, 0, this.config.numHeads, size] })
      .transpose({ perm: [0, 2, 1, 3] });
  }

  /** The (B, Tq, Tk) mask broadcast over heads: (B, 1, Tq, Tk). */
  private headMask(b: GraphBuilder, mask: Value | undefined): Value | undefined {
    return mask && mask.type.shape.length === 3 ? b.op1('Unsqueeze', [mask], { axes: [1] }) : mask;
  }

  /** The mask must broadcast to (B, Tq, Tk); Tk = P + Tv under a cache. */
  private checkMask(mask: Value | undefined, query: Value, keys: Dim, keysName: string): void {
    if (!mask) return;
    const target = [query.type.shape[0]!, query.type.shape[1]!, keys];
    if (!broadcastsTo(mask.type.shape, target)) {
      throw new LayerspecError(
        NAME,
        `input 'attention_mask' ${formatShape(mask.type.shape)} must broadcast to (B, Tq, ${keysName}) = ${formatShape(target)}`,
      );
    }
  }
}
