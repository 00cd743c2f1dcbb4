import { describe, expect, it } from 'vitest';
import { backend as ref } from '@layerspec/backend-ref';
import { tf, useRuntime } from '@layerspec/backend-tfjs';
import { writeSafetensors } from '@layerspec/interop';
import { LayerspecError } from '@layerspec/spec';
import { readCaptionerFile, writeCaptionerFile } from './captioner-file.js';
import { greedyCaptions } from './captioner-decode.js';
import { buildCaptionerGraph, checkCaptionerWeights } from './captioner-graph.js';
import type { CaptionerConfig } from './config.js';
import { IMAGE_SIZE, MAX_LEN, VOCAB, makeBatch } from './data.js';
import { buildCaptioner, greedyDecode, wordsInput } from './model.js';
import { captionerFile } from './save-captioner.js';

const TINY: CaptionerConfig = { filters: [4, 8, 8], embed: 4, units: 8, attentionUnits: 4, seed: 5 };

/** A tiny captioner trained for a few steps on tfjs-wasm (so its weights are not the initial ones), saved as the example saves it. */
async function savedTiny() {
  await useRuntime('wasm');
  const n = 12;
  const b = makeBatch(n, 31);
  const model = buildCaptioner(TINY);
  model.train.compile({ optimizer: tf.train.adam(0.02), loss: 'categoricalCrossentropy' });
  const images = tf.tensor4d(b.images, [n, IMAGE_SIZE, IMAGE_SIZE, 3]);
  const words = wordsInput(b.decoderIn, n);
  const targets = tf.oneHot(tf.tensor2d(b.targets, [n, MAX_LEN], 'int32'), VOCAB.length).toFloat();
  await model.train.fit([images, words], targets, { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 });
  const decoded = greedyDecode(model, images);
  const indices = [0, 3, 7];
  const bytes = writeCaptionerFile(captionerFile(model, TINY, 4, decoded, b.samples, indices));
  tf.dispose([images, words, targets]);
  model.train.dispose();
  return { bytes, decoded, samples: b.samples, indices };
}

describe('out/captioner.safetensors, the saved captioner', () => {
  it('reads back what was written, and its graph decodes on the reference engine what tfjs decoded', async () => {
    const { bytes, decoded, samples, indices } = await savedTiny();
    const file = readCaptionerFile(bytes);
    expect(file.config).toEqual(TINY);
    expect(file.vocabulary).toEqual([...VOCAB]);
    expect(file.seed).toBe(4);
    expect(file.examples.image.shape).toEqual([3, IMAGE_SIZE, IMAGE_SIZE, 3]);
    expect(Array.from(file.examples.image.data.subarray(IMAGE_SIZE * IMAGE_SIZE * 3))).toEqual(
      Array.from([...samples[3]!.image, ...samples[7]!.image]),
    );
    const graph = buildCaptionerGraph(file.config, file.vocabulary.length);
    checkCaptionerWeights(graph, file.weights);
    expect(Object.keys(file.weights).sort()).toEqual(graph.params.map((p) => p.name).sort());
    const compiled = await ref.compile(graph);
    try {
      const got = await greedyCaptions(compiled, file.weights, file.examples.image, file.vocabulary);
      got.forEach((c, k) => {
        const i = indices[k]!;
        const want = Array.from(decoded.tokens.subarray(i * MAX_LEN, i * MAX_LEN + c.tokens.length));
        expect(c.tokens, `caption ${k}`).toEqual(want);
        expect(c.words.filter((w) => w !== '<eos>').join(' ')).toBe(file.captions[k]);
        c.attention.forEach((row, t) => {
          expect(row.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 5);
          const tfjs = decoded.attention.subarray((i * MAX_LEN + t) * 16, (i * MAX_LEN + t + 1) * 16);
          row.forEach((v, j) => expect(Math.abs(v - tfjs[j]!), `caption ${k} step ${t} cell ${j}`).toBeLessThan(1e-5));
        });
      });
    } finally {
      compiled.dispose();
    }
  }, 60_000);

  it('rejects another format, a newer version, other sizes and missing weights, saying which', async () => {
    const { bytes } = await savedTiny();
    const file = readCaptionerFile(bytes);
    const tensors = { ...file.weights, 'example/image': file.examples.image };
    const meta = (over: Record<string, string>) => ({ format: 'layerspec-show-attend-tell', format_version: '1', ...over });
    expect(() => readCaptionerFile(writeSafetensors(tensors, meta({ format: 'other' })))).toThrow(/not a layerspec-show-attend-tell file/);
    expect(() => readCaptionerFile(writeSafetensors(tensors, meta({ format_version: '2' })))).toThrow(/format_version 2 is not one/);
    expect(() => readCaptionerFile(writeSafetensors(tensors, meta({ image_size: '64', grid: '4', max_len: '7' })))).toThrow(
      /image_size is 64, but this captioner's is 32/,
    );
    const graph = buildCaptionerGraph(file.config, file.vocabulary.length);
    const { ['decoder/attention/v']: _, ...missing } = file.weights;
    expect(() => checkCaptionerWeights(graph, missing)).toThrow(LayerspecError);
    expect(() => checkCaptionerWeights(graph, missing)).toThrow("missing 'decoder/attention/v' ([4])");
  }, 60_000);
});
