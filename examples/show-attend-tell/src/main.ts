/**
 * Trains the Show, Attend and Tell captioner on synthetic shapes with TensorFlow.js (wasm), reports
 * caption accuracy on held-out images and writes attention maps (one PNG per generated word) to out/.
 *
 *   node dist/main.js [--epochs N] [--per-epoch N] [--test N] [--seed N]   (or SEED=N in the environment)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Progress } from '@layerspec/example-common';
import { tf, useRuntime } from '@layerspec/backend-tfjs';
import { EOS, IMAGE_SIZE, MAX_LEN, VOCAB, detokenize, makeBatch } from './data.js';
import { DEFAULT_CONFIG, buildCaptioner, greedyDecode, wordsInput } from './model.js';
import { attentionPng } from './attention-png.js';
import { writeCaptionerFile } from './captioner-file.js';
import { captionerFile } from './save-captioner.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const EPOCHS = arg('epochs', 20);
const PER_EPOCH = arg('per-epoch', 4000);
const BATCH = 32;
const TEST = arg('test', 500);
const TEST_SEED = 999_999;
/**
 * Seeds the initial weights (layer seeds from 1 + 100 (SEED - 1) on) and the training images (epoch e
 * draws from seed 1000 (SEED - 1) + e); the held-out images are the same for every SEED. SEED 1 is the
 * published run.
 */
const SEED = arg('seed', Number(process.env['SEED'] ?? 1));
if (!Number.isInteger(SEED) || SEED < 1 || SEED > 999) throw new Error(`--seed (or SEED) must be an integer from 1 to 999, got ${SEED}`);
const epochSeed = (epoch: number): number => 1000 * (SEED - 1) + epoch + 1;
/** the run fails (exit code 1) when fewer held-out captions than this are fully correct */
const MIN_FULL_CAPTIONS = 0.95;
const progress = new Progress();
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'out');

await useRuntime('wasm');
const started = Date.now();
const config = { ...DEFAULT_CONFIG, seed: 1 + 100 * (SEED - 1) };
const model = buildCaptioner(config);
progress.line(`Show, Attend and Tell captioner, seed ${SEED}: ${EPOCHS} epochs of ${PER_EPOCH} images, ${TEST} held-out images`);
/** tfjs's Adam, with its learning rate settable between epochs (it reads the field at every update). */
class ScheduledAdam extends tf.AdamOptimizer {
  set rate(value: number) {
    this.learningRate = value;
  }
}

const lr = new ScheduledAdam(0.003, 0.9, 0.999);
model.train.compile({ optimizer: lr, loss: 'categoricalCrossentropy' });
const S = IMAGE_SIZE;

function tensors(n: number, seed: number) {
  const b = makeBatch(n, seed);
  return {
    b,
    images: tf.tensor4d(b.images, [n, S, S, 3]),
    words: wordsInput(b.decoderIn, n),
    targets: tf.tidy(() => tf.oneHot(tf.tensor2d(b.targets, [n, MAX_LEN], 'int32'), VOCAB.length).toFloat()),
  };
}

function accuracy(tokens: Int32Array, b: ReturnType<typeof makeBatch>): { full: number; words: number } {
  let full = 0;
  let right = 0;
  let total = 0;
  b.samples.forEach((s, i) => {
    const got = detokenize(Array.from(tokens.subarray(i * MAX_LEN, (i + 1) * MAX_LEN)));
    if (got.join(' ') === s.caption.join(' ')) full++;
    s.caption.forEach((w, t) => {
      total++;
      if (got[t] === w) right++;
    });
  });
  return { full: full / b.samples.length, words: right / total };
}

const test = tensors(TEST, TEST_SEED);
const steps = Math.ceil(PER_EPOCH / BATCH);
const PROBE = Math.min(100, TEST);
for (let epoch = 0; epoch < EPOCHS; epoch++) {
  const data = tensors(PER_EPOCH, epochSeed(epoch)); // fresh images every epoch
  let loss = 0;
  await model.train.fit([data.images, data.words], data.targets, {
    epochs: 1,
    batchSize: BATCH,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onBatchEnd: async (batch, logs) => {
        loss = logs?.['loss'] ?? loss;
        const secs = ((Date.now() - started) / 1000).toFixed(0);
        progress.status(`epoch ${epoch + 1}/${EPOCHS}  batch ${batch + 1}/${steps}  loss ${loss.toFixed(4)}  ${secs}s`);
      },
    },
  });
  tf.dispose([data.images, data.words, data.targets]);
  if (epoch === Math.floor(EPOCHS * 0.75)) lr.rate = 0.001;
  const probeImages = test.images.slice([0, 0, 0, 0], [PROBE, S, S, 3]) as tf.Tensor4D;
  const probe = greedyDecode(model, probeImages);
  probeImages.dispose();
  const acc = accuracy(probe.tokens, makeBatch(PROBE, TEST_SEED));
  progress.line(
    `epoch ${epoch + 1}/${EPOCHS}  loss ${loss.toFixed(4)}  held-out captions fully correct (first ${PROBE}): ${(acc.full * 100).toFixed(0)}%  ${((Date.now() - started) / 1000).toFixed(0)}s`,
  );
}
const trainSecs = (Date.now() - started) / 1000;

const decoded = greedyDecode(model, test.images);
const acc = accuracy(decoded.tokens, test.b);
console.log(
  `held-out: ${TEST} images, ${(acc.full * 100).toFixed(1)}% captions fully correct, ${(acc.words * 100).toFixed(1)}% words correct; total time ${((Date.now() - started) / 1000).toFixed(0)}s (training ${trainSecs.toFixed(0)}s)`,
);

// Attention maps: the first few held-out images with two objects.
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const chosen = test.b.samples
  .map((s, i) => ({ s, i }))
  .filter(({ s }) => s.objects.length === 2)
  .slice(0, 3);
for (const [k, { s, i }] of chosen.entries()) {
  const got = detokenize(Array.from(decoded.tokens.subarray(i * MAX_LEN, (i + 1) * MAX_LEN)));
  console.log(`caption ${k + 1}: truth "${s.caption.join(' ')}"  greedy "${got.join(' ')}"`);
  const files: string[] = [];
  got.forEach((w, t) => {
    if (decoded.tokens[i * MAX_LEN + t] === EOS) return;
    const att = decoded.attention.subarray((i * MAX_LEN + t) * 16, (i * MAX_LEN + t + 1) * 16);
    const name = `caption${k + 1}-${t + 1}-${w}.png`;
    writeFileSync(join(outDir, name), attentionPng(s.image, att));
    const peak = att.indexOf(Math.max(...att));
    files.push(`${name} (peak cell row ${Math.floor(peak / 4)} col ${peak % 4}, weight ${Math.max(...att).toFixed(2)})`);
  });
  for (const f of files) console.log(`  out/${f}`);
}
// The trained model with those three images and the first one-object image, for the playground's view.
const examples = [...chosen.map(({ i }) => i), test.b.samples.findIndex((s) => s.objects.length === 1)];
const saved = writeCaptionerFile(captionerFile(model, config, SEED, decoded, test.b.samples, examples));
writeFileSync(join(outDir, 'captioner.safetensors'), saved);
console.log(`out/captioner.safetensors: ${saved.length} bytes, the weights and held-out images ${examples.map((i) => i + 1).join(', ')}`);
tf.dispose([test.images, test.words, test.targets]);
if (acc.full < MIN_FULL_CAPTIONS) {
  console.log(
    `FAILED: ${(acc.full * 100).toFixed(1)}% of held-out captions fully correct, below the ${MIN_FULL_CAPTIONS * 100}% this example must reach`,
  );
  process.exitCode = 1;
}
