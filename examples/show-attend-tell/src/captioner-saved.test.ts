import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backend as ref } from '@layerspec/backend-ref';
import { attentionPng } from './attention-png.js';
import { readCaptionerFile, writeCaptionerFile } from './captioner-file.js';
import { greedyCaptions } from './captioner-decode.js';
import { buildCaptionerGraph, checkCaptionerWeights } from './captioner-graph.js';
import { DEFAULT_CONFIG } from './config.js';
import { EOS, IMAGE_SIZE, MAX_LEN, VOCAB, makeBatch } from './data.js';

/**
 * The committed out/captioner.safetensors is what `npm run example:show-attend-tell` (seed 1) wrote in the
 * run that wrote the committed PNGs: its example images are the held-out images main.ts picks, its saved
 * attention draws those PNGs byte for byte, and its weights, run as the layerspec graph on the reference
 * engine, give the same captions and attention as tfjs-wasm gave then.
 */
const OUT = new URL('../out/', import.meta.url);
const bytes = readFileSync(new URL('captioner.safetensors', OUT));
const file = readCaptionerFile(bytes);
const K = 16;

describe('the committed out/captioner.safetensors', () => {
  it("is small, in the writer's own form, from seed 1 with the default sizes and vocabulary", () => {
    expect(bytes.length).toBeLessThan(1_000_000);
    expect(Buffer.from(writeCaptionerFile(file)).equals(bytes)).toBe(true);
    expect(file.seed).toBe(1);
    expect(file.config).toEqual(DEFAULT_CONFIG);
    expect(file.vocabulary).toEqual([...VOCAB]);
  });

  it('holds the held-out images main.ts picks (three with two objects, then one with one) and their right captions', () => {
    const samples = makeBatch(40, 999_999).samples;
    const two = samples.map((s, i) => ({ s, i })).filter(({ s }) => s.objects.length === 2);
    const picked = [...two.slice(0, 3).map(({ i }) => i), samples.findIndex((s) => s.objects.length === 1)];
    expect(file.examples.image.shape).toEqual([4, IMAGE_SIZE, IMAGE_SIZE, 3]);
    const P = IMAGE_SIZE * IMAGE_SIZE * 3;
    picked.forEach((i, k) => {
      expect(Array.from(file.examples.image.data.subarray(k * P, (k + 1) * P)), `image ${k}`).toEqual(Array.from(samples[i]!.image));
      expect(file.captions[k], `caption ${k}`).toBe(samples[i]!.caption.slice(0, -1).join(' '));
    });
  });

  it('draws the committed attention PNGs from its saved attention, byte for byte', () => {
    const pngs = readdirSync(OUT).filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(18);
    for (const name of pngs) {
      const [, k, t, word] = /^caption(\d)-(\d)-(.+)\.png$/.exec(name)!;
      const row = (Number(k) - 1) * MAX_LEN + Number(t) - 1;
      expect(VOCAB[file.examples.tokens.data[row]!], name).toBe(word);
      const image = file.examples.image.data.subarray(
        (Number(k) - 1) * IMAGE_SIZE * IMAGE_SIZE * 3,
        Number(k) * IMAGE_SIZE * IMAGE_SIZE * 3,
      );
      const png = attentionPng(Float32Array.from(image), file.examples.attention.data.subarray(row * K, (row + 1) * K));
      expect(png.equals(readFileSync(new URL(name, OUT))), name).toBe(true);
    }
  });

  it('decodes its images on the reference engine to the saved captions and attention', async () => {
    const graph = buildCaptionerGraph(file.config, file.vocabulary.length);
    checkCaptionerWeights(graph, file.weights);
    const compiled = await ref.compile(graph);
    try {
      const got = await greedyCaptions(compiled, file.weights, file.examples.image, file.vocabulary);
      got.forEach((c, k) => {
        const saved = Array.from(file.examples.tokens.data.subarray(k * MAX_LEN, (k + 1) * MAX_LEN));
        expect(c.tokens, `image ${k}`).toEqual(saved.slice(0, saved.indexOf(EOS) + 1));
        c.attention.forEach((row, t) => {
          expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
          row.forEach((v, j) => expect(Math.abs(v - file.examples.attention.data[(k * MAX_LEN + t) * K + j]!)).toBeLessThan(1e-5));
        });
      });
    } finally {
      compiled.dispose();
    }
  }, 30_000);
});
