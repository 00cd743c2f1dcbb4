import type { InitializerLike } from '../init/spec.js';
import { fields, type ConfigSchema } from './config.js';
import type { InputDecl } from './declaration.js';

/** The last config fields of the attention layers with weights: their initializers and the dropout seed. */
export const WEIGHT_AND_SEED_FIELDS: ConfigSchema<{ kernelInitializer: InitializerLike; biasInitializer: InitializerLike; seed: number }> =
  {
    kernelInitializer: fields.initializer('initializer of the kernels', 'glorotUniform'),
    biasInitializer: fields.initializer('initializer of the biases', 'zeros'),
    seed: fields.int('seed of the dropout pattern', { default: 0 }),
  };

/** The (B, T, D) query and value, and the optional key (default: the value), of the Keras-style attention layers. */
export const QUERY_VALUE_KEY_INPUTS: readonly InputDecl[] = [
  { name: 'query', dtype: 'float32', ranks: [3] },
  { name: 'value', dtype: 'float32', ranks: [3] },
  { name: 'key', dtype: 'float32', ranks: [3], optional: true },
];
