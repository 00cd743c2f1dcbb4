import { tensor, type Compiled, type HostTensor } from '@layerspec/spec';
import { BOS, EOS, PAD } from './data.js';

/**
 * Greedy decoding with the full graph: the decoder input holds BOS + the tokens chosen so far, PAD
 * after (the causal mask makes position i see only positions <= i). Returns the tokens per sequence,
 * up to (not including) EOS.
 */
export async function greedyDecode(compiled: Compiled, weights: Record<string, HostTensor>, src: HostTensor): Promise<number[][]> {
  const [B, L] = src.shape as [number, number];
  const tgt = new Int32Array(B * L).fill(PAD);
  for (let b = 0; b < B; b++) tgt[b * L] = BOS;
  const out: number[][] = Array.from({ length: B }, () => []);
  const done = new Array<boolean>(B).fill(false);
  for (let i = 0; i < L && done.some((x) => !x); i++) {
    const { logits } = await compiled.run({ src, tgt: tensor(tgt, [B, L], 'int32') }, weights);
    const data = logits!.data as Float32Array;
    const V = logits!.shape[2]!;
    for (let b = 0; b < B; b++) {
      if (done[b]) continue;
      const o = (b * L + i) * V;
      let best = 0;
      for (let v = 1; v < V; v++) if (data[o + v]! > data[o + best]!) best = v;
      if (best === EOS || i === L - 1) done[b] = true;
      if (best !== EOS) out[b]!.push(best);
      if (i + 1 < L) tgt[b * L + i + 1] = best === EOS ? PAD : best;
    }
  }
  return out;
}

/** Tokens -> digits (3 + d -> d); other tokens stay as negative markers so they never match. */
export function toDigits(tokens: number[]): number[] {
  return tokens.map((t) => (t >= 3 ? t - 3 : -1 - t));
}

export function exactAccuracy(decoded: number[][], sequences: number[][]): number {
  let ok = 0;
  decoded.forEach((d, i) => {
    const want = [...sequences[i]!].reverse().join(',');
    if (toDigits(d).join(',') === want) ok++;
  });
  return ok / decoded.length;
}
