import { LayerspecError } from './errors.js';
import { formatShape } from './tensor.js';
import type { Dim } from './types.js';

export function isStatic(shape: readonly Dim[]): shape is number[] {
  return shape.every((d) => typeof d === 'number');
}

/** Normalizes a possibly negative axis against `rank`, or throws naming `where`. */
export function normalizeAxis(axis: number, rank: number, where: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new LayerspecError(where, `axis ${axis} is out of range for rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

export function normalizeAxes(axes: readonly number[], rank: number, where: string): number[] {
  const out = axes.map((a) => normalizeAxis(a, rank, where));
  if (new Set(out).size !== out.length) throw new LayerspecError(where, `axes [${axes.join(', ')}] repeat an axis`);
  return out;
}

/**
 * Numpy broadcasting of two shapes. Symbolic dims broadcast against 1 and against themselves;
 * a symbolic dim against a number > 1 takes the number (the run checks the bound size);
 * two different symbols keep the first (the run checks that they agree).
 */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[], where: string): Dim[] {
  const rank = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    out.push(broadcastDim(x, y, () => `cannot broadcast ${formatShape(a)} with ${formatShape(b)}`, where));
  }
  return out;
}

function broadcastDim(x: Dim, y: Dim, message: () => string, where: string): Dim {
  if (x === y) return x;
  if (x === 1) return y;
  if (y === 1) return x;
  if (typeof x === 'number' && typeof y === 'number') throw new LayerspecError(where, message());
  if (typeof x === 'number') return x;
  return typeof y === 'number' ? y : x;
}

/** Runtime broadcasting of concrete shapes. */
export function broadcastStatic(a: readonly number[], b: readonly number[], where: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new LayerspecError(where, `cannot broadcast ${formatShape(a)} with ${formatShape(b)}`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

/**
 * True when `from` broadcasts to exactly `to` (one-way: `to` is not enlarged). A symbol in `from` may
 * stand for 1 or for the matching size.
 */
export function broadcastsTo(from: readonly Dim[], to: readonly Dim[]): boolean {
  if (from.length > to.length) return false;
  const offset = to.length - from.length;
  return from.every((d, i) => d === 1 || dimsCompatible(d, to[offset + i]!));
}

/** True when two dims may be equal at run time (a symbol may equal anything). */
export function dimsCompatible(a: Dim, b: Dim): boolean {
  return a === b || typeof a === 'string' || typeof b === 'string';
}

/** A product of dims kept as a number times a multiset of symbols, so symbolic reshapes can divide. */
export class DimProduct {
  private constructor(
    readonly coefficient: number,
    readonly symbols: ReadonlyMap<string, number>,
  ) {}

  static of(dims: readonly Dim[]): DimProduct {
    let coefficient = 1;
    const symbols = new Map<string, number>();
    for (const d of dims) {
      if (typeof d === 'number') coefficient *= d;
      else
        for (const s of d.split('*')) {
          const n = Number(s);
          if (Number.isFinite(n) && s.trim() !== '') coefficient *= n;
          else symbols.set(s, (symbols.get(s) ?? 0) + 1);
        }
    }
    return new DimProduct(coefficient, symbols);
  }

  /** this / other, or undefined when it does not divide exactly. */
  divide(other: DimProduct): DimProduct | undefined {
    if (other.coefficient === 0 || this.coefficient % other.coefficient !== 0) return undefined;
    const symbols = new Map(this.symbols);
    for (const [s, n] of other.symbols) {
      const have = symbols.get(s) ?? 0;
      if (have < n) return undefined;
      if (have === n) symbols.delete(s);
      else symbols.set(s, have - n);
    }
    return new DimProduct(this.coefficient / other.coefficient, symbols);
  }

  /** False only when the products can never be equal: the same symbols times different numbers. */
  mayEqual(other: DimProduct): boolean {
    if (this.coefficient === other.coefficient || this.symbols.size !== other.symbols.size) return true;
    return [...this.symbols].some(([s, n]) => other.symbols.get(s) !== n);
  }

  /** A single Dim: a number, a symbol, or a product expression such as `'batch*seq'`. */
  toDim(): Dim {
    if (this.symbols.size === 0) return this.coefficient;
    const parts: string[] = [];
    if (this.coefficient !== 1) parts.push(String(this.coefficient));
    for (const [s, n] of [...this.symbols].sort(([a], [b]) => a.localeCompare(b))) {
      for (let i = 0; i < n; i++) parts.push(s);
    }
    return parts.join('*');
  }
}
