import { LayerspecError, echo, parseJSONText } from '../errors.js';
import { allocate } from '../tensor.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { isDType, type HostTensor } from '../types.js';
import type { Graph } from './types.js';
import { graphShapeProblem } from './graph-shape.js';
import { verifyGraph } from './verify.js';

const FORMAT = 'layerspec.graph';
const VERSION = 1;

function fail(detail: string): never {
  throw new LayerspecError('graphFromJSON', detail);
}

/** JSON for a tensor: dtype, shape and the raw little-endian bytes in base64 (exact for every value). */
interface TensorJSON {
  $tensor: { dtype: string; shape: number[]; base64: string };
}

function isTensor(v: object): v is HostTensor {
  return 'dtype' in v && 'shape' in v && 'data' in v && ArrayBuffer.isView(v.data);
}

function encodeTensor(t: HostTensor): TensorJSON {
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return { $tensor: { dtype: t.dtype, shape: [...t.shape], base64: bytesToBase64(bytes) } };
}

const isSize = (d: unknown): d is number => typeof d === 'number' && Number.isInteger(d) && d >= 0;

function decodeTensor(j: { dtype: string; shape: unknown[]; base64: string }): HostTensor {
  if (!isDType(j.dtype)) fail(`unknown tensor dtype '${j.dtype}'`);
  const shape = j.shape;
  if (!shape.every(isSize)) fail(`tensor shape ${echo(shape)} must be non-negative integers`);
  const bytes = base64ToBytes(j.base64, 'graphFromJSON');
  const size = shape.reduce((a, b) => a * b, 1);
  const expected = size * (j.dtype === 'bool' ? 1 : 4);
  // Checked before allocating: a shape like [1e5, 1e5] must not ask for 40 GB.
  if (bytes.length !== expected) {
    fail(`tensor of shape [${shape.join(', ')}] has ${bytes.length} bytes, expected ${expected}`);
  }
  const data = allocate(j.dtype, size);
  new Uint8Array(data.buffer).set(bytes);
  return { dtype: j.dtype, shape: [...shape], data };
}

/** Non-finite numbers and -0 have no JSON spelling, so they are written as tagged strings. */
function encodeValue(v: unknown): unknown {
  if (Object.is(v, -0)) return { $number: '-0' };
  if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
  if (Array.isArray(v)) return v.map(encodeValue);
  if (typeof v === 'object' && v !== null) {
    if (isTensor(v)) return encodeTensor(v);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeValue(x)]));
  }
  return v;
}

function decodeValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (typeof v === 'object' && v !== null) {
    if ('$number' in v && typeof v.$number === 'string') return Number(v.$number);
    if ('$tensor' in v && typeof v.$tensor === 'object' && v.$tensor !== null) {
      const t = v.$tensor;
      if (
        'dtype' in t &&
        'shape' in t &&
        'base64' in t &&
        typeof t.dtype === 'string' &&
        Array.isArray(t.shape) &&
        typeof t.base64 === 'string'
      ) {
        return decodeTensor({ dtype: t.dtype, shape: t.shape, base64: t.base64 });
      }
      fail('malformed $tensor');
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeValue(x)]));
  }
  return v;
}

/** A JSON-safe object for the graph (tensors as base64), lossless through `graphFromJSON`. */
export function graphToJSON(graph: Graph): object {
  return { format: FORMAT, version: VERSION, graph: encodeValue(graph) };
}

/** Checks the JSON structure of every value and node, so a malformed document fails here with its position. */
function checkGraphShape(v: unknown): asserts v is Graph {
  const problem = graphShapeProblem(v);
  if (problem) fail(problem);
}

/** Reads what `graphToJSON` wrote (or its JSON text) and verifies it. */
export function graphFromJSON(json: unknown): Graph {
  const parsed = typeof json === 'string' ? parseJSONText(json, 'graphFromJSON') : json;
  if (typeof parsed !== 'object' || parsed === null || !('format' in parsed) || parsed.format !== FORMAT) {
    fail(`not a ${FORMAT} document`);
  }
  if (!('version' in parsed) || parsed.version !== VERSION) {
    fail(`unsupported version ${'version' in parsed ? echo(parsed.version) : '(none)'}`);
  }
  const graph = 'graph' in parsed ? decodeValue(parsed.graph) : undefined;
  checkGraphShape(graph);
  verifyGraph(graph);
  return graph;
}
