import { LayerspecError, formatShape, type HostTensor } from '@layerspec/spec';
import type { Weights } from './tensor-ops.js';

/**
 * Reads a state_dict (or a layer's weights) key by key, checking each key's dtype and shape; `finish`
 * rejects the keys nobody read. Every error names the key and the expected shape.
 */
export class KeyReader {
  constructor(
    private readonly where: string,
    private readonly what: string,
    private readonly weights: Readonly<Weights>,
    /** Prepended to every key read (a submodule's keys: 'self_attn.'). */
    private readonly prefix = '',
    private readonly used = new Set<string>(),
  ) {
    if (typeof weights !== 'object' || weights === null) throw new LayerspecError(where, `expects the ${what} as an object of tensors`);
  }

  /** A reader of the keys under `prefix`, sharing this one's record of the keys read (so `finish` sees them). */
  under(prefix: string): KeyReader {
    return new KeyReader(this.where, this.what, this.weights, this.prefix + prefix, this.used);
  }

  /** The full key of `name` (with this reader's prefix), for messages. */
  keyOf(name: string): string {
    return this.prefix + name;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.weights, this.prefix + key);
  }

  /** The float32 tensor under `key`, of exactly `shape`. */
  take(name: string, shape: readonly number[]): HostTensor {
    const key = this.prefix + name;
    const t = this.takeAny(key);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new LayerspecError(this.where, `${this.what} key '${key}' must have shape ${formatShape(shape)}, got ${formatShape(t.shape)}`);
    }
    return t;
  }

  /** The float32 tensor under `key`, of rank `rank` (for sizes the layer does not fix). */
  takeRank(name: string, rank: number, expected: string): HostTensor {
    const key = this.prefix + name;
    const t = this.takeAny(key);
    if (t.shape.length !== rank) {
      throw new LayerspecError(this.where, `${this.what} key '${key}' must have shape ${expected}, got ${formatShape(t.shape)}`);
    }
    return t;
  }

  private takeAny(key: string): HostTensor {
    const t = Object.hasOwn(this.weights, key) ? this.weights[key] : undefined;
    if (!t) {
      throw new LayerspecError(
        this.where,
        `${this.what} is missing key '${key}' (has: ${Object.keys(this.weights).join(', ') || 'nothing'})`,
      );
    }
    if (t.dtype !== 'float32') throw new LayerspecError(this.where, `${this.what} key '${key}' must be float32, got ${t.dtype}`);
    this.used.add(key);
    return t;
  }

  /** Rejects every key that was not read, with `hint(key)` explaining a known one. */
  finish(hint: (key: string) => string | undefined = () => undefined): void {
    const extra = Object.keys(this.weights).filter((k) => !this.used.has(k));
    if (extra.length === 0) return;
    const explained = extra.map((k) => hint(k)).find((h) => h !== undefined);
    throw new LayerspecError(
      this.where,
      explained ??
        `${this.what} has unexpected key(s) ${extra.map((k) => `'${k}'`).join(', ')} (expected: ${[...this.used].join(', ') || 'none'})`,
    );
  }
}
