import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededUniform } from '@layerspec/example-common';
import { tf, useRuntime } from '@layerspec/backend-tfjs';
import { COLOURS, IMAGE_SIZE, MAX_LEN, SHAPES, VOCAB, inside, makeBatch, makeSample } from './data.js';
import { PNG_SIGNATURE, crc32, encodePng } from './png.js';
import { attentionPng } from './attention-png.js';
import { buildCaptioner, greedyDecode, wordsInput } from './model.js';

const RGB = { red: [1, 0.1, 0.1], green: [0.1, 0.9, 0.1], blue: [0.2, 0.3, 1] } as const;

describe('data generator', () => {
  it('captions name the drawn shapes, in reading order, and the pixels carry their colours', () => {
    const r = seededUniform(7);
    for (let n = 0; n < 200; n++) {
      const s = makeSample(r);
      const quads = s.objects.map((o) => o.position);
      expect(new Set(quads).size).toBe(quads.length);
      const words = s.caption.slice(0, -1);
      expect(s.caption.at(-1)).toBe('<eos>');
      expect(words.length).toBe(3 * s.objects.length);
      for (const o of s.objects) {
        const at = words.indexOf(o.position);
        expect(words.slice(at - 2, at + 1)).toEqual([o.colour, o.shape, o.position]);
        // the object's centre pixel has the named colour
        const x = Math.floor(o.cx);
        const y = Math.floor(o.cy);
        expect(inside(o, x, y)).toBe(true);
        const px = Array.from(s.image.subarray((y * IMAGE_SIZE + x) * 3, (y * IMAGE_SIZE + x) * 3 + 3));
        px.forEach((v, c) => expect(v).toBeCloseTo(RGB[o.colour][c]!, 5));
        // and it lies in the named quadrant
        expect(o.cy < 16 ? 'top' : 'bottom').toBe(o.position.split('-')[0]);
        expect(o.cx < 16 ? 'left' : 'right').toBe(o.position.split('-')[1]);
      }
      expect(COLOURS).toContain(words[0]);
      expect(SHAPES).toContain(words[1]);
    }
  });

  it('batches hold teacher-forcing inputs: <bos> then the caption shifted right', () => {
    const b = makeBatch(5, 3);
    for (let i = 0; i < 5; i++) {
      expect(VOCAB[b.decoderIn[i * MAX_LEN]!]).toBe('<bos>');
      for (let t = 1; t < MAX_LEN; t++) expect(b.decoderIn[i * MAX_LEN + t]).toBe(b.targets[i * MAX_LEN + t - 1]);
    }
  });
});

describe('PNG encoder', () => {
  it('writes a valid signature, chunk CRCs, and pixels that inflate back', () => {
    const w = 5;
    const h = 3;
    const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37) & 255);
    const png = encodePng(w, h, rgb);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    let off = 8;
    const types: string[] = [];
    const idat: Buffer[] = [];
    while (off < png.length) {
      const len = png.readUInt32BE(off);
      const type = png.toString('ascii', off + 4, off + 8);
      const body = png.subarray(off + 8, off + 8 + len);
      expect(png.readUInt32BE(off + 8 + len)).toBe(crc32(png.subarray(off + 4, off + 8 + len)));
      types.push(type);
      if (type === 'IHDR') expect([body.readUInt32BE(0), body.readUInt32BE(4), body[8], body[9]]).toEqual([w, h, 8, 2]);
      if (type === 'IDAT') idat.push(Buffer.from(body));
      off += 12 + len;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    const raw = inflateSync(Buffer.concat(idat));
    expect(raw.length).toBe((w * 3 + 1) * h);
    for (let y = 0; y < h; y++) {
      expect(raw[y * (w * 3 + 1)]).toBe(0);
      expect(Array.from(raw.subarray(y * (w * 3 + 1) + 1, (y + 1) * (w * 3 + 1)))).toEqual(
        Array.from(rgb.subarray(y * w * 3, (y + 1) * w * 3)),
      );
    }
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('renders an attention map over an image', () => {
    const s = makeSample(seededUniform(1));
    const png = attentionPng(
      s.image,
      Array.from({ length: 16 }, (_, i) => (i === 5 ? 1 : 0)),
      64,
    );
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });
});

describe('captioner', () => {
  beforeAll(async () => {
    await useRuntime('wasm');
  });

  it('runs a training step and greedy-decodes without NaN', async () => {
    const n = 8;
    const b = makeBatch(n, 11);
    const model = buildCaptioner({ filters: [4, 8, 8], embed: 4, units: 8, attentionUnits: 4, seed: 3 });
    model.train.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
    const images = tf.tensor4d(b.images, [n, IMAGE_SIZE, IMAGE_SIZE, 3]);
    const words = wordsInput(b.decoderIn, n);
    const targets = tf.oneHot(tf.tensor2d(b.targets, [n, MAX_LEN], 'int32'), VOCAB.length).toFloat();
    const h = await model.train.fit([images, words], targets, { epochs: 2, batchSize: n, verbose: 0 });
    const losses = h.history['loss']!.map(Number);
    expect(losses.every(Number.isFinite)).toBe(true);
    const d = greedyDecode(model, images);
    expect(d.tokens.length).toBe(n * MAX_LEN);
    expect(Array.from(d.tokens).every((t) => t >= 0 && t < VOCAB.length)).toBe(true);
    expect(d.attention.length).toBe(n * MAX_LEN * 16);
    expect(Array.from(d.attention).every(Number.isFinite)).toBe(true);
    for (let r = 0; r < n * MAX_LEN; r++) {
      const sum = d.attention.subarray(r * 16, (r + 1) * 16).reduce((a, v) => a + v, 0);
      expect(sum).toBeCloseTo(1, 4);
    }
    tf.dispose([images, words, targets]);
  });
});
