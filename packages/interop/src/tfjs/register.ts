import { tf } from '@layerspec/backend-tfjs';
import { withPositionalAttentionCalls } from './call-arguments.js';
import { KerasMultiHeadAttention } from './multi-head-attention.js';

type Entry = tf.serialization.SerializationMap['classNameMap'][string];
type FromConfig = Entry[1];

/** The model class names whose deserializers get the call rewrite: tfjs's `Functional`, and `Model` (older converters). */
export const MODEL_CLASS_NAMES = ['Functional', 'Model'] as const;

/** The deserializers this module installed, so registering twice wraps once. */
const installed = new WeakSet<FromConfig>();

/**
 * Wraps the deserializer registered for `className` (tfjs's own, or whatever was registered before) with
 * the rewrite of MultiHeadAttention calls into positional inputs. The class stays the registered one, so
 * models load as instances of tfjs's own classes; configs without MultiHeadAttention pass unchanged.
 */
function rewriteCallsBefore(className: string): void {
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  const entry = map[className];
  if (!entry || installed.has(entry[1])) return;
  const [cls, fromConfig] = entry;
  // tfjs calls a deserializer as fromConfig(cls, config, customObjects, fastWeightInit): keep every argument.
  const original = fromConfig as (...args: unknown[]) => tf.serialization.Serializable;
  const wrapped = (c: typeof cls, config: tf.serialization.ConfigDict, ...rest: unknown[]) =>
    original(c, withPositionalAttentionCalls(config), ...rest);
  installed.add(wrapped);
  map[className] = [cls, wrapped];
}

/**
 * Registers with tfjs what it lacks to load Keras models with attention: the `MultiHeadAttention` class (a
 * name tfjs does not have; its own `LayerNormalization` already loads Keras's config and weights), and a
 * rewrite of Keras's MultiHeadAttention call arguments in front of the `Functional` / `Model`
 * deserializers. Importing `@layerspec/interop/tfjs` calls it; calling it again changes nothing.
 */
export function registerKerasLayers(): void {
  tf.serialization.registerClass(KerasMultiHeadAttention);
  for (const name of MODEL_CLASS_NAMES) rewriteCallsBefore(name);
}
