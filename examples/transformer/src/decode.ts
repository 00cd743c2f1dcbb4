import { decode, emptyCaches, tensor, type Compiled, type Graph, type HostTensor } from '@layerspec/spec';
import { BOS, EOS, PAD } from './data.js';
import { weightsFor } from './decoding-model.js';

/** The argmax over the last axis of row `row` of (B, T, V) logits at position `t`. */
function argmaxAt(logits: HostTensor, row: number, t: number): number {
  const [, T = 1, V = 1] = logits.shape;
  const data = logits.data;
  const o = (row * T + t) * V;
  let best = 0;
  for (let v = 1; v < V; v++) if (data[o + v]! > data[o + best]!) best = v;
  return best;
}

/** The encoder and the decoder step of `buildEncoder` / `buildDecoderStep`, each compiled. */
export interface StepModel {
  readonly encoder: { readonly graph: Graph; readonly compiled: Compiled };
  readonly step: { readonly graph: Graph; readonly compiled: Compiled };
}

/**
 * Greedy decoding with key/value caches: the encoder runs once, then `decode` runs the decoder step
 * once per position on the last chosen token (BOS first) and the caches of the positions before it,
 * until every sequence has chosen EOS or the window is full. Returns what `greedyDecode` returns.
 */
export async function cachedGreedyDecode(model: StepModel, weights: Record<string, HostTensor>, src: HostTensor): Promise<number[][]> {
  const [B, L] = src.shape as [number, number];
  const { encoder, step } = model;
  const { memory, memory_mask } = await encoder.compiled.run({ src }, weightsFor(encoder.graph, weights));
  const out: number[][] = Array.from({ length: B }, () => []);
  const done = new Array<boolean>(B).fill(false);
  const inputs = (tokens: Int32Array, i: number) => ({
    token: tensor(tokens, [B, 1], 'int32'),
    position: tensor([i], [1], 'int32'),
    memory: memory!,
    memory_mask: memory_mask!,
  });
  /** Takes each unfinished sequence's argmax at position i; the next tokens, or undefined when all ended. */
  const choose = (logits: HostTensor, i: number): Int32Array | undefined => {
    const tokens = new Int32Array(B).fill(PAD);
    for (let b = 0; b < B; b++) {
      if (done[b]) continue;
      const best = argmaxAt(logits, b, 0);
      if (best === EOS || i === L - 1) done[b] = true;
      if (best !== EOS) out[b]!.push(best);
      tokens[b] = best === EOS ? PAD : best;
    }
    return done.every((d) => d) ? undefined : tokens;
  };
  const steps = await decode(step.compiled, step.graph, weightsFor(step.graph, weights), {
    first: inputs(new Int32Array(B).fill(BOS), 0),
    steps: L,
    caches: emptyCaches(step.graph, { batch: B }),
    next: ({ logits }, i) => {
      const tokens = choose(logits!, i);
      return tokens && inputs(tokens, i + 1);
    },
  });
  // `next` reads every step's outputs but the last one's.
  if (steps.length === L) choose(steps[L - 1]!['logits']!, L - 1);
  return out;
}

/**
 * Greedy decoding by full recompute (what `cachedGreedyDecode` must equal): the decoder input holds
 * BOS + the tokens chosen so far, PAD after (the causal mask makes position i see only positions <= i),
 * and the whole graph runs once per position. Returns the tokens per sequence, up to (not including) EOS.
 */
export async function greedyDecode(compiled: Compiled, weights: Record<string, HostTensor>, src: HostTensor): Promise<number[][]> {
  const [B, L] = src.shape as [number, number];
  const tgt = new Int32Array(B * L).fill(PAD);
  for (let b = 0; b < B; b++) tgt[b * L] = BOS;
  const out: number[][] = Array.from({ length: B }, () => []);
  const done = new Array<boolean>(B).fill(false);
  // Bound once, as `decode` binds the step graph, so both ways pay the same per-run cost.
  const bound = await compiled.bind(weights);
  try {
    for (let i = 0; i < L && done.some((x) => !x); i++) {
      const { logits } = await bound.run({ src, tgt: tensor(tgt, [B, L], 'int32') });
      for (let b = 0; b < B; b++) {
        if (done[b]) continue;
        const best = argmaxAt(logits!, b, i);
        if (best === EOS || i === L - 1) done[b] = true;
        if (best !== EOS) out[b]!.push(best);
        if (i + 1 < L) tgt[b * L + i + 1] = best === EOS ? PAD : best;
      }
    }
  } finally {
    bound.dispose();
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
