import { LayerspecError } from './errors.js';
import { allocate, formatShape, sizeOf } from './tensor.js';
import { isDType, type DType, type HostTensor } from './types.js';

/** One named tensor as JSON: its values flat in row-major order. `dtype` defaults to float32. */
export interface TensorJSON {
  dtype?: DType;
  shape: number[];
  data: (number | boolean)[];
}

/** Named tensors as JSON: each one a {@link TensorJSON} or plain nested arrays of numbers (float32). */
export type TensorsJSON = Record<string, TensorJSON | unknown[]>;

const WHERE = 'weightsFromJSON';

function fail(name: string, detail: string): never {
  throw new LayerspecError(WHERE, `weight '${name}': ${detail}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Flattens nested arrays row-major, recording the shape; names the weight and the index path when ragged. */
function flattenNested(name: string, value: unknown, out: unknown[], shape: number[], path: number[]): void {
  if (!Array.isArray(value)) {
    if (path.length < shape.length) fail(name, `ragged nested arrays: [${path.join('][')}] is not an array`);
    out.push(value);
    return;
  }
  const depth = path.length;
  if (depth === shape.length) {
    if (out.length > 0) fail(name, `ragged nested arrays: [${path.join('][')}] is an array where a number was`);
    shape.push(value.length);
  } else if (shape[depth] !== value.length) {
    fail(name, `ragged nested arrays: [${path.join('][')}] has ${value.length} entries, expected ${shape[depth]}`);
  }
  value.forEach((v, i) => flattenNested(name, v, out, shape, [...path, i]));
}

function readValues(name: string, dtype: DType, values: readonly unknown[], shape: number[]): HostTensor {
  if (values.length !== sizeOf(shape)) {
    fail(name, `${values.length} values do not fill shape ${formatShape(shape)} (${sizeOf(shape)} values)`);
  }
  const data = allocate(dtype, values.length);
  values.forEach((v, i) => {
    if (dtype === 'bool' && typeof v === 'boolean') data[i] = v ? 1 : 0;
    else if (typeof v !== 'number' || !Number.isFinite(v))
      fail(name, `value ${i} is ${typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v))}, not a finite number`);
    else if (dtype === 'bool' && v !== 0 && v !== 1) fail(name, `value ${i} is ${v}, but a bool tensor holds 0, 1, true or false`);
    else if (dtype === 'int32' && !Number.isInteger(v)) fail(name, `value ${i} is ${v}, but an int32 tensor holds integers`);
    else data[i] = v;
  });
  return { dtype, shape, data };
}

function readTensor(name: string, value: unknown): HostTensor {
  if (Array.isArray(value)) {
    const flat: unknown[] = [];
    const shape: number[] = [];
    flattenNested(name, value, flat, shape, []);
    return readValues(name, 'float32', flat, shape);
  }
  if (!isRecord(value)) fail(name, `expected { shape, data, dtype? } or nested arrays, got ${JSON.stringify(value)}`);
  const { dtype = 'float32', shape, data } = value;
  if (!isDType(dtype)) fail(name, `dtype ${JSON.stringify(dtype)} is not one of float32, int32, bool`);
  if (!Array.isArray(shape) || !shape.every((d): d is number => Number.isInteger(d) && d >= 0)) {
    fail(name, `shape ${JSON.stringify(shape)} must be an array of non-negative integers`);
  }
  if (!Array.isArray(data)) fail(name, `data must be a flat array of numbers, got ${typeof data}`);
  return readValues(name, dtype, data, [...shape]);
}

/**
 * Named tensors from JSON, e.g. a weights file: `{ "<name>": { "shape": [...], "data": [...], "dtype"?: "float32" } }`
 * or `{ "<name>": [[...], ...] }` (nested arrays, float32). Throws a LayerspecError naming the tensor for
 * a size that does not fill the shape, a value that is not a finite number (a string, null, NaN), ragged arrays.
 */
export function weightsFromJSON(json: unknown): Record<string, HostTensor> {
  if (!isRecord(json))
    throw new LayerspecError(WHERE, `expected an object of named tensors, got ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}`);
  const out: Record<string, HostTensor> = {};
  for (const [name, value] of Object.entries(json)) out[name] = readTensor(name, value);
  return out;
}

/** The inverse of {@link weightsFromJSON}: `JSON.stringify(weightsToJSON(w))` reads back to the same tensors. */
export function weightsToJSON(tensors: Readonly<Record<string, HostTensor>>): Record<string, TensorJSON> {
  const out: Record<string, TensorJSON> = {};
  for (const [name, t] of Object.entries(tensors)) out[name] = { dtype: t.dtype, shape: [...t.shape], data: Array.from(t.data) };
  return out;
}
