import { LayerspecError, allocate, formatShape, type HostTensor } from '@layerspec/spec';
import { STORED_DTYPES, type StoredDType } from './dtypes.js';

const WHERE = 'readSafetensors';
/** The header size limit of the format's reference implementation (100 MB). */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface SafetensorsContents {
  tensors: Record<string, HostTensor>;
  /** The header's `__metadata__` (string to string), or `{}`. */
  metadata: Record<string, string>;
}

interface Entry {
  name: string;
  stored: StoredDType;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

const fail = (detail: string): LayerspecError => new LayerspecError(WHERE, detail);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Element count of `shape`, or an error when it is not a list of non-negative safe integers or overflows. */
function elementCount(name: string, shape: unknown): { shape: number[]; count: number } {
  if (!Array.isArray(shape) || !shape.every((d): d is number => Number.isSafeInteger(d) && d >= 0)) {
    throw fail(`tensor '${name}': shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  let count = 1;
  for (const d of shape) {
    count *= d;
    if (!Number.isSafeInteger(count)) throw fail(`tensor '${name}': shape ${formatShape(shape)} has too many elements`);
  }
  return { shape, count };
}

function parseEntry(name: string, raw: unknown, bufferBytes: number): Entry {
  if (!isRecord(raw)) throw fail(`tensor '${name}': header entry must be an object, got ${JSON.stringify(raw)}`);
  const extra = Object.keys(raw).filter((k) => k !== 'dtype' && k !== 'shape' && k !== 'data_offsets');
  if (extra.length > 0) throw fail(`tensor '${name}': unknown header field(s) ${extra.join(', ')}`);
  const dtype = raw['dtype'];
  const stored = typeof dtype === 'string' && Object.hasOwn(STORED_DTYPES, dtype) ? STORED_DTYPES[dtype] : undefined;
  if (!stored || typeof dtype !== 'string') {
    throw fail(`tensor '${name}': unsupported dtype ${JSON.stringify(dtype)} (supported: ${Object.keys(STORED_DTYPES).join(', ')})`);
  }
  const { shape, count } = elementCount(name, raw['shape']);
  const offsets = raw['data_offsets'];
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o): o is number => Number.isSafeInteger(o) && o >= 0)) {
    throw fail(`tensor '${name}': data_offsets must be [begin, end] non-negative integers, got ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > bufferBytes) {
    throw fail(`tensor '${name}': data_offsets [${begin}, ${end}] out of the ${bufferBytes}-byte data buffer`);
  }
  if (end - begin !== count * stored.size) {
    throw fail(
      `tensor '${name}': ${dtype}${formatShape(shape)} needs ${count * stored.size} bytes, data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, stored, dtype, shape, begin, end };
}

/** The data buffer must be covered exactly: no holes, no overlaps (the format forbids both). */
function checkCoverage(entries: readonly Entry[], bufferBytes: number): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin < at)
      throw fail(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] overlap another tensor's bytes (which end at ${at})`);
    if (e.begin > at)
      throw fail(`tensor '${e.name}': data_offsets [${e.begin}, ${e.end}] leave bytes ${at}..${e.begin} of the data buffer unused`);
    at = e.end;
  }
  if (at !== bufferBytes) throw fail(`the data buffer has ${bufferBytes} bytes, but the tensors cover only ${at}`);
}

function decode(e: Entry, view: DataView): HostTensor {
  const count = (e.end - e.begin) / e.stored.size;
  const data = allocate(e.stored.target, count);
  for (let i = 0; i < count; i++) {
    const v = e.stored.read(view, e.begin + i * e.stored.size);
    if (e.stored.target === 'float32') {
      data[i] = Number(v);
      continue;
    }
    const n = typeof v === 'bigint' ? (v >= -0x80000000n && v <= 0x7fffffffn ? Number(v) : NaN) : v;
    if (e.stored.target === 'bool' ? n !== 0 && n !== 1 : !(n >= -0x80000000 && n <= 0x7fffffff)) {
      const want = e.stored.target === 'bool' ? 'a bool (0 or 1)' : 'int32';
      throw fail(`tensor '${e.name}': ${e.dtype} element ${i} is ${String(v)}, which does not fit ${want}`);
    }
    data[i] = n;
  }
  return { dtype: e.stored.target, shape: e.shape, data };
}

function parseHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) throw fail(`a safetensors file starts with an 8-byte header length; got ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const size = high * 2 ** 32 + low;
  if (size > bytes.length - 8) throw fail(`header length ${size} runs past the end of the ${bytes.length}-byte file`);
  if (size > MAX_HEADER_BYTES) throw fail(`header length ${size} is over the ${MAX_HEADER_BYTES}-byte limit`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + size));
  } catch {
    throw fail('the header is not valid UTF-8');
  }
  if (!text.startsWith('{')) throw fail(`the header must be a JSON object starting with '{', got ${JSON.stringify(text.slice(0, 20))}`);
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw fail(`the header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isRecord(header)) throw fail('the header must be a JSON object');
  return { header, dataStart: 8 + size };
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) throw fail(`__metadata__ must be an object of strings, got ${JSON.stringify(raw)}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') throw fail(`__metadata__ '${k}' must be a string, got ${JSON.stringify(v)}`);
    out[k] = v;
  }
  return out;
}

/** Reads a safetensors file and its `__metadata__`; every malformed input is a `LayerspecError`. */
export function readSafetensorsWithMetadata(bytes: Uint8Array): SafetensorsContents {
  if (!(bytes instanceof Uint8Array)) throw fail('expects the file as a Uint8Array');
  const { header, dataStart } = parseHeader(bytes);
  const bufferBytes = bytes.length - dataStart;
  const entries = Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, raw]) => parseEntry(name, raw, bufferBytes));
  checkCoverage(entries, bufferBytes);
  const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart, bufferBytes);
  const tensors: Record<string, HostTensor> = {};
  for (const e of entries) tensors[e.name] = decode(e, data);
  return { tensors, metadata: parseMetadata(header['__metadata__']) };
}

/**
 * The tensors of a safetensors file: F32 as is; F16, BF16 and F64 as float32; I32, and I64 / I16 / I8 /
 * U8 / U16 / U32 within int32's range, as int32; BOOL as bool.
 */
export function readSafetensors(bytes: Uint8Array): Record<string, HostTensor> {
  return readSafetensorsWithMetadata(bytes).tensors;
}
