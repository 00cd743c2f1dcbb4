import { LayerspecError } from '../errors.js';
import { formatShape, sizeOf } from '../tensor.js';
import { initializerProblem } from './check.js';
import type { Random } from './random.js';
import type { InitializerSpec } from './spec.js';

/** Keras's fan rule: the last two dims are (in, out); earlier dims form a receptive field. */
export function kerasFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptive = sizeOf(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

/** The most values one weight may have: 2^31 - 1, what a typed array holds in every JavaScript engine. */
export const MAX_WEIGHT_VALUES = 2 ** 31 - 1;

function allocateWeight(shape: readonly number[], size: number, where: string): Float32Array {
  const what = `shape ${formatShape(shape)} has ${size} values (${size * 4} bytes as float32)`;
  if (!(size <= MAX_WEIGHT_VALUES)) throw new LayerspecError(where, `${what}, more than one weight may hold (${MAX_WEIGHT_VALUES} values)`);
  try {
    return new Float32Array(size);
  } catch (e) {
    if (e instanceof RangeError) throw new LayerspecError(where, `${what}, which could not be allocated (${e.message})`);
    throw e;
  }
}

/** Fills a float32 array for a weight of `shape` as `spec` says, drawing from `rng`. */
export function generate(spec: InitializerSpec, shape: readonly number[], rng: Random, where: string): Float32Array {
  // Reachable from untyped JSON (a graph document or a layer config): a NaN or unknown spec is an error.
  const problem = initializerProblem(spec);
  if (problem) throw new LayerspecError(where, problem);
  const size = sizeOf(shape);
  const out = allocateWeight(shape, size, where);
  switch (spec.name) {
    case 'zeros':
      return out;
    case 'ones':
      return out.fill(1);
    case 'constant':
      return out.fill(spec.value);
    case 'glorotUniform': {
      const fans = kerasFans(shape);
      const limit = Math.sqrt(6 / ((spec.fanIn ?? fans.fanIn) + (spec.fanOut ?? fans.fanOut)));
      for (let i = 0; i < size; i++) out[i] = (2 * rng.uniform() - 1) * limit;
      return out;
    }
    case 'orthogonal':
      return orthogonal(shape, spec.gain ?? 1, rng, where);
    case 'blocks':
      return blocks(spec.blocks, shape, rng, where);
  }
  throw new LayerspecError(where, `unknown initializer ${JSON.stringify(spec)}`);
}

function orthogonal(shape: readonly number[], gain: number, rng: Random, where: string): Float32Array {
  if (shape.length < 2) throw new LayerspecError(where, `orthogonal needs a weight of rank >= 2, got rank ${shape.length}`);
  const cols = shape[shape.length - 1]!;
  const rows = sizeOf(shape) / cols;
  const tall = Math.max(rows, cols);
  const wide = Math.min(rows, cols);
  // Columns of a tall random normal matrix, orthonormalized (modified Gram-Schmidt; R's diagonal is then
  // positive, the sign convention that makes the result uniformly distributed).
  const q: Float64Array[] = [];
  for (let j = 0; j < wide; j++) {
    const v = new Float64Array(tall);
    for (let i = 0; i < tall; i++) v[i] = rng.normal();
    for (const u of q) {
      let dot = 0;
      for (let i = 0; i < tall; i++) dot += u[i]! * v[i]!;
      for (let i = 0; i < tall; i++) v[i]! -= dot * u[i]!;
    }
    let norm = 0;
    for (let i = 0; i < tall; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < tall; i++) v[i]! /= norm;
    q.push(v);
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      out[r * cols + c] = gain * (rows >= cols ? q[c]![r]! : q[r]![c]!);
    }
  }
  return out;
}

function blocks(parts: { size: number; init: InitializerSpec }[], shape: readonly number[], rng: Random, where: string): Float32Array {
  const last = shape[shape.length - 1] ?? 1;
  const total = parts.reduce((s, p) => s + p.size, 0);
  if (total !== last) throw new LayerspecError(where, `blocks cover ${total} entries of a last dim of ${last}`);
  const outer = sizeOf(shape) / last;
  const out = new Float32Array(sizeOf(shape));
  let offset = 0;
  for (const part of parts) {
    const values = generate(part.init, [...shape.slice(0, -1), part.size], rng, where);
    for (let o = 0; o < outer; o++) {
      out.set(values.subarray(o * part.size, (o + 1) * part.size), o * last + offset);
    }
    offset += part.size;
  }
  return out;
}
