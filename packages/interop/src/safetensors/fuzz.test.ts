import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LayerspecError, sizeOf, tensor } from '@layerspec/spec';
import { rawFile } from '../testing/raw-file.js';
import { readSafetensors } from './read.js';
import { writeSafetensors } from './write.js';

/** Reading never throws anything but a LayerspecError, and what it returns is well formed. */
function readsSafely(bytes: Uint8Array): void {
  let tensors: ReturnType<typeof readSafetensors>;
  try {
    tensors = readSafetensors(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(LayerspecError);
    return;
  }
  for (const t of Object.values(tensors)) expect(t.data.length).toBe(sizeOf(t.shape));
}

const valid = writeSafetensors(
  {
    a: tensor([1, 2, 3, 4, 5, 6], [2, 3]),
    b: tensor([7, 8], [2], 'int32'),
    c: tensor([1, 0, 1], [3], 'bool'),
  },
  { format: 'pt' },
);

const dtype = fc.constantFrom('F32', 'F16', 'BF16', 'F64', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL', 'U64', 'F8_E5M2', 'x', 3, null);
const offset = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: -3, max: 2 ** 53 }), fc.double(), fc.constant('0'));
const entry = fc.record(
  {
    dtype,
    shape: fc.oneof(
      fc.array(fc.integer({ min: -1, max: 6 }), { maxLength: 4 }),
      fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 5 }),
      fc.constant('3'),
    ),
    data_offsets: fc.oneof(fc.tuple(offset, offset), fc.array(offset, { maxLength: 3 })),
  },
  { requiredKeys: [] },
);
const header = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 4 }), fc.constant('__metadata__')),
  fc.oneof(entry, fc.jsonValue({ maxDepth: 2 })),
  { maxKeys: 4 },
);

describe('readSafetensors under fuzzing: only LayerspecErrors', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => readsSafely(bytes)),
      { numRuns: 500 },
    );
  });

  it('a valid file truncated anywhere or with bytes overwritten', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: valid.length }),
        fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        (length, edits) => {
          const bytes = valid.slice(0, length);
          for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
          readsSafely(bytes);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('random headers: wrong dtypes, shape products, overlapping or out-of-range offsets, lying lengths', () => {
    fc.assert(
      fc.property(
        header,
        fc.uint8Array({ maxLength: 64 }),
        fc.option(fc.oneof(fc.nat({ max: 200 }), fc.constant(2 ** 53 - 1)), { nil: undefined }),
        (h, data, declared) => readsSafely(rawFile(h, data, declared)),
      ),
      { numRuns: 1000 },
    );
  });
});
