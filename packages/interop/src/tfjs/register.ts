import { tf } from '@layerspec/backend-tfjs';
import { withPositionalAttentionCalls } from './call-arguments.js';
import type { ConfigDict } from './config-values.js';
import { KerasMultiHeadAttention } from './multi-head-attention.js';

/**
 * tfjs's functional model, loading Keras's MultiHeadAttention calls: tfjs passes a node's kwargs to the
 * layer as they are in the JSON (names, not tensors), so this rewrites them into positional inputs
 * before tfjs builds the graph. Models without MultiHeadAttention load exactly as before.
 */
export class KerasFunctional extends tf.LayersModel {
  static override readonly className: string = 'Functional';

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: ConfigDict,
    customObjects?: ConfigDict,
    fastWeightInit?: boolean,
  ): T {
    // biome-ignore lint/complexity/noThisInStatic: the registered class's own fromConfig, after the rewrite
    return super.fromConfig(cls, withPositionalAttentionCalls(config), customObjects, fastWeightInit);
  }
}

/** The same under the class name older converters write ('Model'). */
export class KerasModel extends KerasFunctional {
  static override readonly className: string = 'Model';
}

/**
 * Registers with tfjs what it lacks to load Keras models with attention: `MultiHeadAttention` (tfjs's own
 * `LayerNormalization` already loads Keras's config and weights, so it is left alone). Importing
 * `@layerspec/interop/tfjs` calls it; calling it again does nothing new.
 */
export function registerKerasLayers(): void {
  tf.serialization.registerClass(KerasMultiHeadAttention);
  tf.serialization.registerClass(KerasFunctional);
  tf.serialization.registerClass(KerasModel);
}
