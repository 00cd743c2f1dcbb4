/** The trained tfjs captioner and its decoded example images as the contents of `out/captioner.safetensors`. */
import type { CaptionerFile } from './captioner-file.js';
import type { CaptionerConfig } from './config.js';
import { EOS, IMAGE_SIZE, MAX_LEN, PAD, VOCAB, detokenize, type Sample } from './data.js';
import { captionerWeights, type Captioner, type Decoded } from './model.js';

/** `indices`: which of the decoded images (and `samples`) to keep as the file's examples. */
export function captionerFile(
  model: Captioner,
  config: CaptionerConfig,
  seed: number,
  decoded: Decoded,
  samples: readonly Sample[],
  indices: readonly number[],
): CaptionerFile {
  const n = indices.length;
  const K = 16;
  const P = IMAGE_SIZE * IMAGE_SIZE * 3;
  const image = new Float32Array(n * P);
  const tokens = new Int32Array(n * MAX_LEN).fill(PAD);
  const attention = new Float32Array(n * MAX_LEN * K);
  const captions: string[] = [];
  indices.forEach((i, k) => {
    image.set(samples[i]!.image, k * P);
    for (let t = 0; t < MAX_LEN; t++) {
      const w = decoded.tokens[i * MAX_LEN + t]!;
      tokens[k * MAX_LEN + t] = w;
      attention.set(decoded.attention.subarray((i * MAX_LEN + t) * K, (i * MAX_LEN + t + 1) * K), (k * MAX_LEN + t) * K);
      if (w === EOS) break;
    }
    captions.push(
      detokenize(Array.from(tokens.subarray(k * MAX_LEN, (k + 1) * MAX_LEN)))
        .filter((w) => w !== '<eos>')
        .join(' '),
    );
  });
  return {
    config,
    vocabulary: [...VOCAB],
    seed,
    weights: captionerWeights(model),
    examples: {
      image: { dtype: 'float32', shape: [n, IMAGE_SIZE, IMAGE_SIZE, 3], data: image },
      tokens: { dtype: 'int32', shape: [n, MAX_LEN], data: tokens },
      attention: { dtype: 'float32', shape: [n, MAX_LEN, K], data: attention },
    },
    captions,
  };
}
