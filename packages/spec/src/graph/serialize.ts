import { LayerspecError } from '../errors.js';
import { allocate } from '../tensor.js';
import { base64ToBytes, bytesToBase64 } from './base64.js';
import { isDType, type HostTensor } from '../types.js';
import type { Graph } from './types.js';
import { verifyGraph } from './verify.js';

const FORMAT = 'layerspec.graph';
const VERSION = 1;

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

function decodeTensor(j: TensorJSON['$tensor']): HostTensor {
  if (!isDType(j.dtype)) throw new LayerspecError('graphFromJSON', `unknown tensor dtype '${j.dtype}'`);
  const bytes = base64ToBytes(j.base64);
  const size = j.shape.reduce((a, b) => a * b, 1);
  const data = allocate(j.dtype, size);
  new Uint8Array(data.buffer).set(bytes.subarray(0, data.byteLength));
  if (bytes.length !== data.byteLength) {
    throw new LayerspecError('graphFromJSON', `tensor of shape [${j.shape.join(', ')}] has ${bytes.length} bytes, expected ${data.byteLength}`);
  }
  return { dtype: j.dtype, shape: [...j.shape], data };
}

/** Non-finite numbers have no JSON spelling, so they are written as tagged strings. */
function encodeValue(v: unknown): unknown {
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
        return decodeTensor({ dtype: t.dtype, shape: t.shape.map(Number), base64: t.base64 });
      }
      throw new LayerspecError('graphFromJSON', 'malformed $tensor');
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decodeValue(x)]));
  }
  return v;
}

/** A JSON-safe object for the graph (tensors as base64), lossless through `graphFromJSON`. */
export function graphToJSON(graph: Graph): object {
  return { format: FORMAT, version: VERSION, graph: encodeValue(graph) };
}

function isGraphShape(v: unknown): v is Graph {
  if (typeof v !== 'object' || v === null) return false;
  return (
    'name' in v && typeof v.name === 'string' &&
    'inputs' in v && Array.isArray(v.inputs) &&
    'params' in v && Array.isArray(v.params) &&
    'outputs' in v && Array.isArray(v.outputs) &&
    'nodes' in v && Array.isArray(v.nodes)
  );
}

/** Reads what `graphToJSON` wrote (or its JSON text) and verifies it. */
export function graphFromJSON(json: unknown): Graph {
  const parsed: unknown = typeof json === 'string' ? JSON.parse(json) : json;
  if (typeof parsed !== 'object' || parsed === null || !('format' in parsed) || parsed.format !== FORMAT) {
    throw new LayerspecError('graphFromJSON', `not a ${FORMAT} document`);
  }
  if (!('version' in parsed) || parsed.version !== VERSION) {
    throw new LayerspecError('graphFromJSON', `unsupported version ${'version' in parsed ? String(parsed.version) : '(none)'}`);
  }
  const graph = 'graph' in parsed ? decodeValue(parsed.graph) : undefined;
  if (!isGraphShape(graph)) throw new LayerspecError('graphFromJSON', 'missing name, inputs, params, outputs or nodes');
  verifyGraph(graph);
  return graph;
}
