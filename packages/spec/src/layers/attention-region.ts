import type { GraphBuilder, Value } from '../graph/builder.js';
import type { CausalAlignment } from './attention-core.js';

/**
 * The inputs of an 'Attention' composite region, in order ('' where absent). ONNX's Attention has one
 * `attn_mask` (bool or float) where a layer has both a bool mask and a float bias, so the exporter maps
 * these slots onto the op's inputs, or keeps the nodes when the op cannot express them.
 */
export const ATTENTION_REGION_INPUTS = ['query', 'key', 'value', 'attention_mask', 'attention_bias', 'past_key', 'past_value'] as const;

/** The outputs of an 'Attention' region, in order ('' where the region does not make one). */
export const ATTENTION_REGION_OUTPUTS = ['output', 'present_key', 'present_value', 'weights'] as const;

/** The numbers `causal` takes in an 'Attention' region's attrs. */
export const CAUSAL_CODES: Readonly<Record<'none' | CausalAlignment, number>> = { none: 0, upperLeft: 1, lowerRight: 2 };

export interface AttentionRegionParts {
  query: Value;
  key: Value;
  value: Value;
  mask?: Value | undefined;
  bias?: Value | undefined;
  pastKey?: Value | undefined;
  pastValue?: Value | undefined;
}

export interface AttentionRegionSpec {
  scale: number;
  /**
   * Set when the region reads query, key and value as (B, T, heads * size) and makes its output as
   * (B, Tq, heads * valueSize), splitting and merging the heads inside it (ONNX Attention's 3-D layout).
   */
  heads?: number | undefined;
  softcap?: number | undefined;
  causal?: CausalAlignment | undefined;
}

export interface AttentionRegionResult {
  output: Value;
  weights: Value;
  presentKey?: Value | undefined;
  presentValue?: Value | undefined;
}

/**
 * Records the nodes `body` adds (appending the cache, sharing grouped heads, the attention core) as one
 * 'Attention' composite region with attrs { scale, softcap (0: none), causal (CAUSAL_CODES), heads (0: not packed) }. The
 * region is rewritable: the graph passes may fold its scale into the weights (dropping the region), unless
 * an exporter writing the native op pins it first.
 */
export function attentionRegion(
  b: GraphBuilder,
  parts: AttentionRegionParts,
  spec: AttentionRegionSpec,
  body: () => AttentionRegionResult,
): AttentionRegionResult {
  const attrs = { scale: spec.scale, softcap: spec.softcap ?? 0, causal: CAUSAL_CODES[spec.causal ?? 'none'], heads: spec.heads ?? 0 };
  const { query, key, value, mask, bias, pastKey, pastValue } = parts;
  const [output, presentKey, presentValue, weights] = b.composite(
    'Attention',
    { sinceOpset: 23, attrs, rewritable: true },
    [query, key, value, mask, bias, pastKey, pastValue],
    () => {
      const r = body();
      return [r.output, r.presentKey, r.presentValue, r.weights] as const;
    },
  );
  return { output, weights, presentKey, presentValue };
}
