import { describe, expect, it } from 'vitest';
import { tf, useRuntime, type TfRuntime } from '@layerspec/backend-tfjs';
import { IMAGE_SIZE, MAX_LEN, VOCAB, makeBatch } from './data.js';
import { buildCaptioner, wordsInput } from './model.js';

/**
 * Training the captioner is a pure function of its seeds on one machine: seeded initializers, seeded
 * images, batches in order (no shuffle), and TensorFlow.js kernels that run in a fixed order (tfjs-wasm
 * is single-threaded in Node). Across versions of Node, TensorFlow.js or this library this need not hold
 * (see the README).
 */
async function run(runtime: TfRuntime, seed: number): Promise<{ losses: number[]; weights: number[] }> {
  await useRuntime(runtime);
  const n = 16;
  const b = makeBatch(n, 21);
  const model = buildCaptioner({ filters: [4, 8, 8], embed: 4, units: 8, attentionUnits: 4, seed });
  model.train.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  const images = tf.tensor4d(b.images, [n, IMAGE_SIZE, IMAGE_SIZE, 3]);
  const words = wordsInput(b.decoderIn, n);
  const targets = tf.oneHot(tf.tensor2d(b.targets, [n, MAX_LEN], 'int32'), VOCAB.length).toFloat();
  const losses: number[] = [];
  await model.train.fit([images, words], targets, {
    epochs: 1,
    batchSize: 4,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onBatchEnd: async (_, logs) => {
        losses.push(Number(logs?.['loss']));
      },
    },
  });
  const weights = model.train.getWeights().flatMap((w) => Array.from(w.dataSync()));
  tf.dispose([images, words, targets]);
  model.train.dispose();
  return { losses, weights };
}

describe('examples/show-attend-tell training is deterministic', () => {
  // wasm only: the example trains there (tfjs-cpu holds too, but takes 15 s for this test)
  for (const runtime of ['wasm'] as const) {
    it(`on tfjs-${runtime}: the same seed twice gives bit-identical losses and weights, another seed does not`, async () => {
      const first = await run(runtime, 3);
      const second = await run(runtime, 3);
      const other = await run(runtime, 4);
      expect(first.losses).toHaveLength(4);
      expect(first.losses.every(Number.isFinite)).toBe(true);
      // toEqual compares numbers exactly (Object.is), so this is bit for bit
      expect(second.losses).toEqual(first.losses);
      expect(second.weights).toEqual(first.weights);
      expect(other.losses).not.toEqual(first.losses);
    }, 60_000);
  }
});
