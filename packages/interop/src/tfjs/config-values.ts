import { LayerspecError } from '@layerspec/spec';
import type { tf } from '@layerspec/backend-tfjs';

export type ConfigDict = tf.serialization.ConfigDict;
export type ConfigValue = tf.serialization.ConfigDictValue;

export function isDict(v: unknown): v is ConfigDict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** tfjs's camelCase of a Python name (what `loadLayersModel` does to string values in a topology). */
export function tfjsCamelCase(name: string): string {
  return name.length <= 1 || !name.includes('_') ? name : name.replace(/[_]+(\w|$)/g, (_m, c: string) => c.toUpperCase());
}

/** Typed reads of a Keras layer config, each error naming the layer and the key (in Keras's snake_case). */
export class ConfigReader {
  constructor(
    private readonly where: string,
    private readonly config: ConfigDict,
  ) {}

  private fail(key: string, want: string, v: unknown): LayerspecError {
    const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    return new LayerspecError(this.where, `config '${snake}' must be ${want}, got ${JSON.stringify(v)}`);
  }

  raw(key: string): ConfigValue | undefined {
    return this.config[key];
  }

  int(key: string): number {
    const v = this.config[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw this.fail(key, 'a positive integer', v);
    return v;
  }

  optionalInt(key: string): number | undefined {
    const v = this.config[key];
    return v === null || v === undefined ? undefined : this.int(key);
  }

  number(key: string, fallback: number): number {
    const v = this.config[key];
    if (v === null || v === undefined) return fallback;
    if (typeof v !== 'number') throw this.fail(key, 'a number', v);
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.config[key];
    if (v === null || v === undefined) return fallback;
    if (typeof v !== 'boolean') throw this.fail(key, 'true or false', v);
    return v;
  }

  string(key: string): string | undefined {
    const v = this.config[key];
    return typeof v === 'string' ? v : undefined;
  }

  strings(key: string): string[] | undefined {
    const v = this.config[key];
    if (v === null || v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s): s is string => typeof s === 'string')) throw this.fail(key, 'a list of names', v);
    return v;
  }
}
