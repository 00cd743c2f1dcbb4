import { describe, expect, it } from 'vitest';
import { LayerspecError, tensor, type HostTensor } from '@layerspec/spec';
import { rawFile } from '../testing/raw-file.js';
import { readSafetensors, readSafetensorsWithMetadata } from './read.js';
import { writeSafetensors } from './write.js';

const bytesOf = (values: number[], size: number, set: (v: DataView, o: number, x: number) => void): Uint8Array => {
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((x, i) => set(view, i * size, x));
  return out;
};
const one = (dtype: string, shape: number[], data: Uint8Array) => rawFile({ t: { dtype, shape, data_offsets: [0, data.length] } }, data);

describe('writeSafetensors / readSafetensors', () => {
  const weights: Record<string, HostTensor> = {
    'b/kernel': tensor([
      [1.5, -2],
      [3.25, 1e-30],
    ]),
    a: tensor([1, -7, 2147483647], [3], 'int32'),
    mask: tensor([1, 0, 1], [3], 'bool'),
    empty: tensor([], [0, 4]),
  };

  it('round-trips every dtype, the shapes and the metadata', () => {
    const { tensors, metadata } = readSafetensorsWithMetadata(writeSafetensors(weights, { format: 'pt', note: 'x' }));
    expect(metadata).toEqual({ format: 'pt', note: 'x' });
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(weights).sort());
    for (const [k, t] of Object.entries(weights)) {
      expect(tensors[k]!.dtype).toBe(t.dtype);
      expect(tensors[k]!.shape).toEqual(t.shape);
      expect(Array.from(tensors[k]!.data)).toEqual(Array.from(t.data));
    }
  });

  it('pads the header to 8 bytes with spaces and writes keys in sorted order whatever the input order', () => {
    const bytes = writeSafetensors(weights);
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect((8 + n) % 8).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(header[0]).toBe('{');
    expect(Object.keys(JSON.parse(header))).toEqual(['a', 'b/kernel', 'empty', 'mask']);
    const reversed = Object.fromEntries(Object.entries(weights).reverse());
    expect(writeSafetensors(reversed)).toEqual(bytes);
  });

  it('rejects a tensor that does not fill its shape, and the reserved name', () => {
    expect(() => writeSafetensors({ x: { dtype: 'float32', shape: [3], data: new Float32Array(2) } })).toThrow(LayerspecError);
    expect(() => writeSafetensors({ __metadata__: tensor([1]) })).toThrow(/reserved/);
  });
});

describe('readSafetensors conversions', () => {
  it('F16 (normal, subnormal, max, infinity), BF16 and F64 become float32', () => {
    const f16 = readSafetensors(
      one(
        'F16',
        [5],
        bytesOf([0x3c00, 0xc000, 0x0001, 0x7bff, 0x7c00], 2, (v, o, x) => v.setUint16(o, x, true)),
      ),
    )['t']!;
    expect(Array.from(f16.data)).toEqual([1, -2, 2 ** -24, 65504, Infinity]);
    const bf16 = readSafetensors(
      one(
        'BF16',
        [2],
        bytesOf([0x3f80, 0xc0a0], 2, (v, o, x) => v.setUint16(o, x, true)),
      ),
    )['t']!;
    expect(Array.from(bf16.data)).toEqual([1, -5]);
    const f64 = readSafetensors(
      one(
        'F64',
        [2],
        bytesOf([0.1, -3], 8, (v, o, x) => v.setFloat64(o, x, true)),
      ),
    )['t']!;
    expect(f64.dtype).toBe('float32');
    expect(Array.from(f64.data)).toEqual([Math.fround(0.1), -3]);
  });

  it('I64, I16, I8 and U8 become int32 in range, and are an error out of it', () => {
    const i64 = (xs: bigint[]) =>
      one(
        'I64',
        [xs.length],
        bytesOf(xs.map(Number), 8, (v, o, x) => v.setBigInt64(o, BigInt(x), true)),
      );
    expect(Array.from(readSafetensors(i64([-5n, 2147483647n]))['t']!.data)).toEqual([-5, 2147483647]);
    expect(() => readSafetensors(i64([2147483648n]))).toThrow(/I64 element 0 is 2147483648, which does not fit int32/);
    expect(
      Array.from(
        readSafetensors(
          one(
            'I16',
            [2],
            bytesOf([-300, 7], 2, (v, o, x) => v.setInt16(o, x, true)),
          ),
        )['t']!.data,
      ),
    ).toEqual([-300, 7]);
    expect(Array.from(readSafetensors(one('I8', [2], Uint8Array.from([0xff, 3])))['t']!.data)).toEqual([-1, 3]);
    expect(Array.from(readSafetensors(one('U8', [2], Uint8Array.from([0xff, 3])))['t']!.data)).toEqual([255, 3]);
    expect(() =>
      readSafetensors(
        one(
          'U32',
          [1],
          bytesOf([0xffffffff], 4, (v, o, x) => v.setUint32(o, x, true)),
        ),
      ),
    ).toThrow(/does not fit int32/);
  });

  it('BOOL becomes bool, and a byte other than 0 or 1 is an error', () => {
    expect(readSafetensors(one('BOOL', [2], Uint8Array.from([1, 0])))['t']).toEqual({
      dtype: 'bool',
      shape: [2],
      data: Uint8Array.from([1, 0]),
    });
    expect(() => readSafetensors(one('BOOL', [1], Uint8Array.from([2])))).toThrow(/does not fit a bool/);
  });
});

describe('readSafetensors rejects malformed files', () => {
  const four = new Uint8Array(16);
  const cases: [string, Uint8Array, RegExp][] = [
    ['fewer than 8 bytes', new Uint8Array(5), /8-byte header length/],
    ['a header length past the end', rawFile({}, new Uint8Array(0), 1000), /runs past the end/],
    ['a header length over 2^32', rawFile({}, new Uint8Array(0), 2 ** 40), /runs past the end/],
    ['a header that is not JSON', rawFile('{"a": '), /not valid JSON/],
    ['a header that is not an object', rawFile('[1, 2]'), /must be a JSON object/],
    ['an unknown dtype', one('F8_E4M3', [4], new Uint8Array(4)), /unsupported dtype "F8_E4M3"/],
    ['a shape whose product does not match the bytes', one('F32', [3], four), /needs 12 bytes, data_offsets \[0, 16\] hold 16/],
    ['a negative dim', one('F32', [-4], four), /non-negative integers/],
    ['offsets out of range', rawFile({ t: { dtype: 'F32', shape: [4], data_offsets: [4, 20] } }, four), /out of the 16-byte data buffer/],
    ['reversed offsets', rawFile({ t: { dtype: 'F32', shape: [0], data_offsets: [8, 4] } }, four), /out of the 16-byte/],
    [
      'overlapping tensors',
      rawFile(
        {
          a: { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
          b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
        },
        four,
      ),
      /overlap/,
    ],
    ['a hole', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } }, four), /leave bytes 0..8/],
    ['trailing bytes', rawFile({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, four), /cover only 8/],
    ['non-string metadata', rawFile({ __metadata__: { n: 1 } }), /'n' must be a string/],
    ['an extra entry field', rawFile({ t: { dtype: 'F32', shape: [0], data_offsets: [0, 0], x: 1 } }), /unknown header field/],
  ];
  it.each(cases)('%s', (_label, bytes, message) => {
    expect(() => readSafetensors(bytes)).toThrow(LayerspecError);
    expect(() => readSafetensors(bytes)).toThrow(message);
  });
});
