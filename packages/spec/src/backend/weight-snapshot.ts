import type { Graph } from '../graph/types.js';
import type { HostTensor } from '../types.js';

/** A private copy of a weight; bool bytes are stored as 0 and 1. */
export function copyOf(w: HostTensor): HostTensor {
  const shape = [...w.shape];
  if (w.dtype === 'bool') return { dtype: 'bool', shape, data: Uint8Array.from(w.data, (v) => (v !== 0 ? 1 : 0)) };
  return w.dtype === 'float32' ? { dtype: 'float32', shape, data: w.data.slice() } : { dtype: 'int32', shape, data: w.data.slice() };
}

/** Node's Buffer.compare (a memcmp, several times faster than a loop in JavaScript) where it exists. */
function nodeMemcmp(): ((a: Uint8Array, b: Uint8Array) => number) | undefined {
  const buffer: unknown = Reflect.get(globalThis, 'Buffer');
  if (typeof buffer !== 'function') return undefined;
  const compare: unknown = Reflect.get(buffer, 'compare');
  if (typeof compare !== 'function') return undefined;
  return (a, b) => Number(Reflect.apply(compare, buffer, [a, b]));
}

const memcmp = nodeMemcmp();

const bytesOf = (d: HostTensor['data']): Uint8Array => new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

/** Bit-for-bit equal contents (so NaN equals the same NaN, and -0 differs from 0); bools by truthiness. */
export function sameContent(
  held: HostTensor,
  w: HostTensor,
  compareBytes: ((a: Uint8Array, b: Uint8Array) => number) | null = memcmp ?? null,
): boolean {
  if (held.dtype !== w.dtype || held.data.length !== w.data.length || held.shape.some((d, i) => d !== w.shape[i])) return false;
  const n = w.data.length;
  if (w.dtype === 'bool') {
    const a = held.data;
    const b = w.data;
    for (let i = 0; i < n; i++) if (a[i] !== (b[i] !== 0 ? 1 : 0)) return false;
    return true;
  }
  if (compareBytes) return compareBytes(bytesOf(held.data), bytesOf(w.data)) === 0;
  const a = new Int32Array(held.data.buffer, held.data.byteOffset, n);
  const b = new Int32Array(w.data.buffer, w.data.byteOffset, n);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The weights a backend last loaded, as private copies, so that "weights are read at each run" holds for
 * backends that keep weights in a runtime (uploaded tensors, an ONNX session): each run compares the
 * given weights with the copies (one pass over the weights, no allocation) and reloads only what changed,
 * whether the caller passed new arrays or mutated the old ones in place. The copies are never written
 * after they are taken, so a runtime may keep reading them.
 */
export class WeightSnapshot {
  private readonly held = new Map<string, HostTensor>();

  /** Takes a copy of each weight of `graph` that differs from the one held; returns their names. */
  update(graph: Graph, weights: Readonly<Record<string, HostTensor>>): string[] {
    const changed: string[] = [];
    for (const p of graph.params) {
      const w = weights[p.name]!;
      const held = this.held.get(p.name);
      if (held && sameContent(held, w)) continue;
      this.held.set(p.name, copyOf(w));
      changed.push(p.name);
    }
    return changed;
  }

  /** The copy held for `name` (after `update`). */
  get(name: string): HostTensor {
    const held = this.held.get(name);
    if (!held) throw new Error(`WeightSnapshot: no copy of weight '${name}' is held`);
    return held;
  }

  /** Forgets every copy, so the next `update` reports every weight as changed. */
  clear(): void {
    this.held.clear();
  }
}
