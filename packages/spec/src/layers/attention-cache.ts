import type { GraphBuilder, Value } from '../graph/builder.js';
import { LayerspecError } from '../errors.js';
import { formatShape } from '../tensor.js';
import { expectDim } from './checks.js';
import { fields, type ConfigSchema } from './config.js';
import type { InputDecl } from './declaration.js';

export interface CacheBuildOptions {
  cache?: boolean;
}

/** The build option that turns on the key/value cache of an attention layer. */
export const CACHE_BUILD_OPTIONS: ConfigSchema<CacheBuildOptions> = {
  cache: fields.bool(
    "take 'past_key'/'past_value', attend over past + new keys (causal: lower-right) and output 'present_key'/'present_value'",
    false,
  ),
};

/** The cache inputs, declared only under `cache: true`. */
export function cacheInputs(ranks?: readonly number[]): InputDecl[] {
  return ['past_key', 'past_value'].map((name) => ({
    name,
    dtype: 'float32' as const,
    forBuildOption: 'cache',
    ...(ranks ? { ranks } : {}),
  }));
}

/**
 * `past` (..., P, d) followed by `x` (..., T, d) along the sequence axis (-2): the present keys or values.
 * Every other dim of `past` must match `x`'s; P may be symbolic and 0.
 */
export function appendToCache(layer: string, b: GraphBuilder, pastName: string, past: Value, xName: string, x: Value): Value {
  const rank = x.type.shape.length;
  if (past.type.shape.length !== rank) {
    throw new LayerspecError(
      layer,
      `input '${pastName}' ${formatShape(past.type.shape)} must have the rank of '${xName}' ${formatShape(x.type.shape)}`,
    );
  }
  x.type.shape.forEach((d, axis) => {
    if (axis !== rank - 2) expectDim(layer, pastName, past, axis, d, `dim ${axis} of '${xName}'`);
  });
  return b.op1('Concat', [past, x], { axis: rank - 2 });
}
