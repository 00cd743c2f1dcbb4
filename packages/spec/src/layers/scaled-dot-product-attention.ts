import { LayerspecError } from '../errors.js';
import type { GraphBuilder, Value } from '../graph/builder.js';
import { broadcastsTo, dimsCompatible } from '../shape.js';
import { formatShape } from '../tensor.js';
import { attend, type CausalAlignment } from './attention-core.js';
import { appendToCache, CACHE_BUILD_OPTIONS, cacheInputs, type CacheBuildOptions } from './attention-cache.js';
import { attentionRegion } from './attention-region.js';
import { expectDim } from './checks.js';
import { fields, type ConfigSchema } from './config.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';

export interface ScaledDotProductAttentionConfig {
  /** Multiplies q k^T; default 1 / sqrt(dk). */
  scale?: number | undefined;
  /** logits = softcap * tanh(logits / softcap) when set. */
  softcap?: number | undefined;
  causal: boolean | CausalAlignment;
  dropout: number;
  seed: number;
}

export interface AttentionBuildOptions {
  returnAttentionScores?: boolean;
}

/** The build option of every attention layer. */
export const ATTENTION_BUILD_OPTIONS: ConfigSchema<AttentionBuildOptions> = {
  returnAttentionScores: fields.bool("also output the attention weights as 'attention_scores'", false),
};

/** The build options of ScaledDotProductAttention: the attention weights switch and the key/value cache. */
export type ScaledDotProductAttentionBuildOptions = AttentionBuildOptions & CacheBuildOptions;

const NAME = 'ScaledDotProductAttention';

const DECLARATION = declareLayer<ScaledDotProductAttentionConfig, ScaledDotProductAttentionBuildOptions>({
  name: NAME,
  doc: 'softmax(scale * q k^T + bias, masked) v over any leading batch/head dims',
  config: {
    scale: fields.optional(fields.number('multiplier of q k^T (default 1/sqrt(dk))', { positive: true })),
    softcap: fields.optional(fields.number('tanh cap of the logits', { positive: true })),
    causal: fields.oneOf(
      'causal mask: false, true (= upperLeft), upperLeft or lowerRight',
      [false, true, 'upperLeft', 'lowerRight'],
      false,
    ),
    dropout: fields.number('dropout rate on the weights, training only', { min: 0, below: 1, default: 0 }),
    seed: fields.int('seed of the dropout pattern', { default: 0 }),
  },
  inputs: [
    { name: 'query', dtype: 'float32' },
    { name: 'key', dtype: 'float32' },
    { name: 'value', dtype: 'float32' },
    { name: 'attention_mask', dtype: 'bool', optional: true },
    { name: 'attention_bias', dtype: 'float32', optional: true },
    ...cacheInputs(),
  ],
  buildOptions: { ...ATTENTION_BUILD_OPTIONS, ...CACHE_BUILD_OPTIONS },
});

/**
 * softmax(scale * q k^T + bias, masked) v over any leading batch/head dims, with causal masks in both
 * alignments, softcapping, grouped-query heads (4-D inputs with fewer key/value heads) and dropout.
 */
export class ScaledDotProductAttention extends Layer<ScaledDotProductAttentionConfig, ScaledDotProductAttentionBuildOptions> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<ScaledDotProductAttentionConfig> = {}) {
    super(DECLARATION, config);
  }

  protected apply(
    b: GraphBuilder,
    inputs: Readonly<Record<string, Value>>,
    options: ScaledDotProductAttentionBuildOptions,
  ): Record<string, Value> {
    const q = inputs['query']!;
    let k = inputs['key']!;
    let v = inputs['value']!;
    const rank = q.type.shape.length;
    for (const [name, x] of [
      ['query', q],
      ['key', k],
      ['value', v],
    ] as const) {
      if (x.type.shape.length < 2) throw new LayerspecError(NAME, `input '${name}' must have rank >= 2, got ${formatShape(x.type.shape)}`);
      if (x.type.shape.length !== rank) {
        throw new LayerspecError(
          NAME,
          `input '${name}' has rank ${x.type.shape.length}, query has rank ${rank}; give all three the same leading dims`,
        );
      }
    }
    const dk = q.type.shape[rank - 1]!;
    expectDim(NAME, 'key', k, -1, dk, "the query's feature size");
    expectDim(NAME, 'value', v, -2, k.type.shape[rank - 2]!, "the key's sequence length");
    if (typeof dk !== 'number' && this.config.scale === undefined) {
      throw new LayerspecError(NAME, `the query's feature size is symbolic ('${dk}'); give a static size or set config 'scale'`);
    }
    const { causal } = this.config;
    const spec = {
      scale: this.config.scale ?? 1 / Math.sqrt(Number(dk)),
      softcap: this.config.softcap,
      causal: causal === false ? undefined : options.cache ? ('lowerRight' as const) : causal === true ? ('upperLeft' as const) : causal,
    };
    const mask = inputs['attention_mask'];
    const bias = inputs['attention_bias'];
    const pastKey = options.cache ? inputs['past_key'] : undefined;
    const pastValue = options.cache ? inputs['past_value'] : undefined;
    const result = attentionRegion(b, { query: q, key: k, value: v, mask, bias, pastKey, pastValue }, spec, () => {
      let presentKey: Value | undefined;
      let presentValue: Value | undefined;
      if (pastKey && pastValue) {
        k = presentKey = appendToCache(NAME, b, 'past_key', pastKey, 'key', k);
        v = presentValue = appendToCache(NAME, b, 'past_value', pastValue, 'value', v);
      }
      if (rank === 4) [k, v] = this.shareGroupedHeads(b, q, k, v);
      this.checkLeadingDims(q, k, v);
      const logits = [...q.type.shape.slice(0, -2), q.type.shape[rank - 2]!, k.type.shape[rank - 2]!];
      for (const [name, m] of [
        ['attention_mask', mask],
        ['attention_bias', bias],
      ] as const) {
        if (m && !broadcastsTo(m.type.shape, logits)) {
          throw new LayerspecError(
            NAME,
            `input '${name}' ${formatShape(m.type.shape)} does not broadcast to the logits ${formatShape(logits)}`,
          );
        }
      }
      const core = attend(b, q, k, v, { ...spec, bias, mask, dropout: this.config.dropout, seed: this.config.seed });
      return { ...core, presentKey, presentValue };
    });
    const outputs: Record<string, Value> = { output: result.output };
    if (options.returnAttentionScores) outputs['attention_scores'] = result.weights;
    if (result.presentKey && result.presentValue) {
      outputs['present_key'] = result.presentKey;
      outputs['present_value'] = result.presentValue;
    }
    return outputs;
  }

  /** (B, Hkv, T, d) keys and values repeated so that query head h reads key/value head floor(h / (Hq/Hkv)). */
  private shareGroupedHeads(b: GraphBuilder, q: Value, k: Value, v: Value): [Value, Value] {
    const hq = q.type.shape[1]!;
    const hkv = k.type.shape[1]!;
    if (hq === hkv) return [k, v];
    if (typeof hq !== 'number' || typeof hkv !== 'number' || hq % hkv !== 0) {
      throw new LayerspecError(NAME, `query heads (${hq}) must be a multiple of key/value heads (${hkv}) for grouped-query attention`);
    }
    expectDim(NAME, 'value', v, 1, hkv, "the key's head count");
    const group = hq / hkv;
    const repeat = (x: Value, name: string): Value => {
      const d = x.type.shape[3]!;
      if (typeof d !== 'number')
        throw new LayerspecError(NAME, `input '${name}' needs a static feature size for grouped-query attention, got '${d}'`);
      const expanded = b.op1('Expand', [b.op1('Unsqueeze', [x], { axes: [2] }), b.ints([1, 1, group, 1, 1])]);
      return b.op1('Reshape', [expanded], { shape: [0, hq, -1, d] });
    };
    return [repeat(k, 'key'), repeat(v, 'value')];
  }

  private checkLeadingDims(q: Value, k: Value, v: Value): void {
    const lead = (x: Value) => x.type.shape.slice(0, -2);
    const ok = lead(q).every((d, i) => dimsCompatible(d, lead(k)[i]!) || d === 1 || lead(k)[i] === 1);
    if (!ok || !lead(k).every((d, i) => dimsCompatible(d, lead(v)[i]!))) {
      throw new LayerspecError(
        NAME,
        `leading dims of query ${formatShape(q.type.shape)}, key ${formatShape(k.type.shape)} and value ${formatShape(v.type.shape)} must match`,
      );
    }
  }
}
