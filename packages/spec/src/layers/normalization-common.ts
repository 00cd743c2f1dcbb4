import type { GraphBuilder, Value } from '../graph/builder.js';
import type { InitializerLike } from '../init/spec.js';
import { fields, type ConfigSchema } from './config.js';
import type { InputDecl } from './declaration.js';
import { normalizedAxes, type NormalizedAxes } from './normalized-axes.js';

/** The config both normalization layers have: the axes, epsilon, and the gamma weight. */
export interface NormalizationConfig {
  axis: number | number[];
  epsilon: number;
  scale: boolean;
  gammaInitializer: InitializerLike;
}

/** The normalization config schema with `epsilon`'s doc and default, and the layer's `own` fields after `scale`. */
export function normalizationSchema<Own extends object>(
  epsilon: { doc: string; default: number },
  own: ConfigSchema<Own>,
): ConfigSchema<NormalizationConfig> & ConfigSchema<Own> {
  return {
    axis: fields.axes('normalized axes: a number or a list', -1),
    epsilon: fields.number(epsilon.doc, { positive: true, default: epsilon.default }),
    ...own,
    scale: fields.bool('multiply by gamma', true),
    gammaInitializer: fields.initializer('initializer of gamma', 'ones'),
  };
}

/** A normalization layer's one input. */
export const NORMALIZATION_INPUTS: readonly InputDecl[] = [{ name: 'input', dtype: 'float32' }];

/** What both normalization layers start from: the input, its normalized axes, and gamma (when `scale`). */
export interface NormalizationStart {
  x: Value;
  n: NormalizedAxes;
  gamma: Value | undefined;
}

export function startNormalization(
  b: GraphBuilder,
  layer: string,
  inputs: Readonly<Record<string, Value>>,
  config: NormalizationConfig,
): NormalizationStart {
  const x = inputs['input']!;
  const n = normalizedAxes(layer, x, config.axis);
  const gamma = config.scale ? b.param('gamma', { dtype: 'float32', shape: n.weightShape }, config.gammaInitializer) : undefined;
  return { x, n, gamma };
}
