import { LayerspecError } from '../errors.js';
import { allocate } from '../tensor.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { isDType, type HostTensor } from '../types.js';
import type { Graph } from './types.js';
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
  if (!shape.every(isSize)) fail(`tensor shape ${JSON.stringify(shape)} must be non-negative integers`);
  const bytes = base64ToBytes(j.base64, 'graphFromJSON');
  const size = shape.reduce((a, b) => a * b, 1);
  const data = allocate(j.dtype, size);
  new Uint8Array(data.buffer).set(bytes.subarray(0, data.byteLength));
  if (bytes.length !== data.byteLength) {
    fail(`tensor of shape [${shape.join(', ')}] has ${bytes.length} bytes, expected ${data.byteLength}`);
  }
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
      if ('dtype' in t && 'shape' in t && 'base64' in t && typeof t.dtype === 'string' && Array.isArray(t.shape) && typeof t.base64 === 'string') {
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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNames = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isType = (v: unknown): boolean => isRecord(v) && typeof v['dtype'] === 'string' && Array.isArray(v['shape']);

function listOf(graph: Record<string, unknown>, key: string): unknown[] {
  const list = graph[key];
  if (!Array.isArray(list)) fail('missing name, inputs, params, outputs or nodes');
  return list;
}

/** Checks the JSON structure of every value and node, so a malformed document fails here with its position. */
function checkGraphShape(v: unknown): asserts v is Graph {
  if (!isRecord(v) || typeof v['name'] !== 'string') fail('missing name, inputs, params, outputs or nodes');
  for (const key of ['inputs', 'outputs', 'params']) {
    const init = key === 'params';
    listOf(v, key).forEach((x, i) => {
      if (!isRecord(x) || typeof x['name'] !== 'string' || !isType(x['type']) || (init && !isRecord(x['init']))) {
        fail(`${key}[${i}] must be { name, type: { dtype, shape }${init ? ', init' : ''} }, got ${JSON.stringify(x)}`);
      }
    });
  }
  listOf(v, 'nodes').forEach((n, i) => {
    if (!isRecord(n) || typeof n['op'] !== 'string' || typeof n['name'] !== 'string' || !isNames(n['inputs']) || !isNames(n['outputs']) || !isRecord(n['attrs'])) {
      fail(`nodes[${i}] must be { op, name, inputs, attrs, outputs } with inputs and outputs lists of names`);
    }
  });
}

/** Reads what `graphToJSON` wrote (or its JSON text) and verifies it. */
export function graphFromJSON(json: unknown): Graph {
  const parsed: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  if (typeof parsed !== 'object' || parsed === null || !('format' in parsed) || parsed.format !== FORMAT) {
    fail(`not a ${FORMAT} document`);
  }
  if (!('version' in parsed) || parsed.version !== VERSION) {
    fail(`unsupported version ${'version' in parsed ? String(parsed.version) : '(none)'}`);
  }
  const graph = 'graph' in parsed ? decodeValue(parsed.graph) : undefined;
  checkGraphShape(graph);
  verifyGraph(graph);
  return graph;
}
