import type { InitializerLike } from '../init/spec.js';
import { fields, type ConfigSchema } from './config.js';
import type { InputDecl } from './declaration.js';

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
