import { LayerspecError } from '@layerspec/spec';
import { tf } from '../tf.js';

/** tfjs's own layer arguments (`name`, `trainable`, `inputShape`, ...); not exported by name from tfjs. */
export type TfLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
export type ConfigDict = tf.serialization.ConfigDict;
export type ConfigDictValue = tf.serialization.ConfigDictValue;

const DATA_TYPES = ['float32', 'int32', 'bool', 'complex64', 'string'] as const;
type DataType = (typeof DATA_TYPES)[number];

const isShape = (v: unknown): v is (number | null)[] => Array.isArray(v) && v.every((d) => d === null || typeof d === 'number');
const isDataType = (v: unknown): v is DataType => DATA_TYPES.some((t) => t === v);

/** An object's own entries, values typed `unknown` (not `any`). */
export function entriesOf(o: object): [string, unknown][] {
  return Object.entries(o);
}

/**
 * The keys tfjs's `Layer` constructor reads, and `customObjects`, which tfjs's deserializer adds to every
 * config it hands to `fromConfig`. Every other key belongs to the spec layer or the wrapper.
 */
export const TF_LAYER_KEYS: readonly string[] = [
  'name',
  'trainable',
  'inputShape',
  'batchInputShape',
  'batchSize',
  'dtype',
  'weights',
  'inputDType',
  'customObjects',
];

/** Picks tfjs's layer arguments out of a config, checking their types (a config may come from JSON). */
export function tfLayerArgs(where: string, args: object): TfLayerArgs {
  const out: TfLayerArgs = {};
  const bad = (key: string, want: string, v: unknown) =>
    new LayerspecError(where, `config '${key}' must be ${want}, got ${JSON.stringify(v)}`);
  for (const [key, v] of entriesOf(args)) {
    if (v === undefined || v === null) continue;
    switch (key) {
      case 'name':
        if (typeof v !== 'string') throw bad(key, 'a string', v);
        out.name = v;
        break;
      case 'trainable':
        if (typeof v !== 'boolean') throw bad(key, 'true or false', v);
        out.trainable = v;
        break;
      case 'inputShape':
      case 'batchInputShape':
        if (!isShape(v)) throw bad(key, 'a list of sizes (numbers or null)', v);
        out[key] = v;
        break;
      case 'batchSize':
        if (typeof v !== 'number') throw bad(key, 'a number', v);
        out.batchSize = v;
        break;
      case 'dtype':
      case 'inputDType':
        if (!isDataType(v)) throw bad(key, `one of ${DATA_TYPES.join(', ')}`, v);
        out[key] = v;
        break;
      case 'weights':
        if (!Array.isArray(v) || !v.every((t) => t instanceof tf.Tensor)) throw bad(key, 'a list of tensors', '...');
        out.weights = v;
        break;
    }
  }
  return out;
}

/** A JSON value (a spec layer's config) as a tfjs config value; `undefined` members are dropped. */
export function toConfigValue(v: unknown, where: string): ConfigDictValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const items: readonly unknown[] = v;
    return items.map((x) => toConfigValue(x, where));
  }
  if (typeof v === 'object') {
    const out: ConfigDict = {};
    for (const [k, x] of entriesOf(v)) if (x !== undefined) out[k] = toConfigValue(x, where);
    return out;
  }
  throw new LayerspecError(where, `config value ${String(v)} is not JSON`);
}

/**
 * tfjs's `model.save` snake_cases every string value of a layer config and `loadLayersModel` camelCases
 * it back, so an input named 'attention_mask' comes back as 'attentionMask'. This is that camelCase, so a
 * loaded name can be matched to the declared one.
 */
export function tfjsCamelCase(name: string): string {
  return name.includes('_') ? name.replace(/[_]+(\w|$)/g, (_m, c: string) => c.toUpperCase()) : name;
}
