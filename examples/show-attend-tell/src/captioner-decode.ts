/**
 * Greedy decoding of `buildCaptionerGraph` on any backend's compiled graph, as `greedyDecode` of
 * `model.ts` does on tfjs: the decoder is causal, so run t (the words after t placeholders) fixes word t,
 * and the last run's attention row t is the attention of word t. It stops once every caption has `<eos>`.
 */
import { LayerspecError, type Compiled, type HostTensor } from '@layerspec/spec';
import { GRID } from './attention-overlay.js';
import { MAX_LEN } from './data.js';

export interface GreedyCaption {
  /** The chosen token ids, up to and including `<eos>` (at most MAX_LEN). */
  tokens: number[];
  words: string[];
  /** One row of GRID * GRID weights per chosen word: the attention over the image grid at that step. */
  attention: Float32Array[];
}

function index(vocabulary: readonly string[], word: string): number {
  const i = vocabulary.indexOf(word);
  if (i < 0) throw new LayerspecError('greedyCaptions', `the vocabulary has no '${word}'`);
  return i;
}

/** Greedy captions of `images` (N, 32, 32, 3) with the compiled captioner graph and its weights. */
export async function greedyCaptions(
  compiled: Compiled,
  weights: Record<string, HostTensor>,
  images: HostTensor,
  vocabulary: readonly string[],
): Promise<GreedyCaption[]> {
  const n = images.shape[0] ?? 0;
  const [pad, bos, eos] = ['<pad>', '<bos>', '<eos>'].map((w) => index(vocabulary, w)) as [number, number, number];
  const V = vocabulary.length;
  const K = GRID * GRID;
  const words = new Int32Array(n * MAX_LEN).fill(pad);
  for (let i = 0; i < n; i++) words[i * MAX_LEN] = bos;
  const chosen: number[][] = Array.from({ length: n }, () => []);
  let attention: ArrayLike<number> = [];
  for (let t = 0; t < MAX_LEN; t++) {
    const out = await compiled.run({ image: images, words: { dtype: 'int32', shape: [n, MAX_LEN], data: words.slice() } }, weights);
    const probs = out['probs']!.data;
    attention = out['attention']!.data;
    for (let i = 0; i < n; i++) {
      if (chosen[i]!.at(-1) === eos) continue;
      let best = 0;
      for (let v = 1; v < V; v++) if (Number(probs[(i * MAX_LEN + t) * V + v]) > Number(probs[(i * MAX_LEN + t) * V + best])) best = v;
      chosen[i]!.push(best);
      if (t + 1 < MAX_LEN) words[i * MAX_LEN + t + 1] = best;
    }
    if (chosen.every((c) => c.at(-1) === eos)) break;
  }
  return chosen.map((tokens, i) => ({
    tokens,
    words: tokens.map((w) => vocabulary[w] ?? '?'),
    attention: tokens.map((_, t) => Float32Array.from({ length: K }, (_, k) => Number(attention[(i * MAX_LEN + t) * K + k]))),
  }));
}
