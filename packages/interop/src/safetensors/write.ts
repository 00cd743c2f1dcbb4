import { LayerspecError, checkHostTensor, type HostTensor } from '@layerspec/spec';
import { WRITTEN_DTYPES } from './dtypes.js';

const WHERE = 'writeSafetensors';
const ITEM_SIZE = { float32: 4, int32: 4, bool: 1 } as const;

/**
 * Writes tensors (and optional string metadata) as a safetensors file. Keys are written in sorted order,
 * data in the same order, and the header is padded with spaces so the data starts at a multiple of 8.
 */
export function writeSafetensors(weights: Readonly<Record<string, HostTensor>>, metadata?: Readonly<Record<string, string>>): Uint8Array {
  const names = Object.keys(weights).sort();
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) {
    const meta: Record<string, string> = {};
    for (const k of Object.keys(metadata).sort()) {
      const v = metadata[k];
      if (typeof v !== 'string') throw new LayerspecError(WHERE, `metadata '${k}' must be a string, got ${JSON.stringify(v)}`);
      meta[k] = v;
    }
    header['__metadata__'] = meta;
  }
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new LayerspecError(WHERE, "'__metadata__' is reserved and cannot name a tensor");
    const t = weights[name]!;
    checkHostTensor(t, WHERE, `tensor '${name}'`);
    const bytes = t.data.length * ITEM_SIZE[t.dtype];
    header[name] = { dtype: WRITTEN_DTYPES[t.dtype], shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const name of names) {
    const t = weights[name]!;
    for (let i = 0; i < t.data.length; i++) {
      const v = t.data[i]!;
      if (t.dtype === 'float32') view.setFloat32(at, v, true);
      else if (t.dtype === 'int32') view.setInt32(at, v, true);
      else view.setUint8(at, v === 0 ? 0 : 1);
      at += ITEM_SIZE[t.dtype];
    }
  }
  return out;
}
