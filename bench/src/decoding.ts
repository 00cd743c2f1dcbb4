/**
 * Greedy decoding of N new tokens after a one-token prompt, per backend: with caches (`decodeBound` over
 * the step graph, one token per run) and without (the whole sequence re-run for every new token). Both
 * run on bound runners (`compiled.bind(weights)`, made once before the timing), so both pay the same
 * kind of per-run cost. Both must pick the same tokens; the result is tokens per second of each.
 */
import {
  decodeBound,
  emptyCaches,
  getBackend,
  initWeights,
  type BoundCompiled,
  type Compiled,
  type Graph,
  type HostTensor,
} from '@layerspec/spec';
import { decoderGraph, embed, embeddingTable, lastArgmax, type DecoderSizes } from './decoder-stack.js';

export interface DecodingResult {
  readonly backend: string;
  readonly batch: number;
  readonly tokens: number;
  readonly cachedTokensPerSecond: number;
  readonly recomputeTokensPerSecond: number;
  /** The median over the rounds of recompute time / cached time. */
  readonly speedUp: number;
}

interface Step {
  readonly graph: Graph;
  readonly compiled: Compiled;
  readonly bound: BoundCompiled;
}

const prompt = (s: DecoderSizes): number[][] => Array.from({ length: s.batch }, (_, i) => [i % s.vocab]);

/** What both ways of decoding share: the sizes, the embedding table and how many tokens. */
interface DecodeRun {
  readonly s: DecoderSizes;
  readonly table: Float32Array;
  readonly steps: number;
}

async function recompute(r: Step, { s, table, steps }: DecodeRun): Promise<number[][]> {
  const tokens = prompt(s);
  for (let step = 0; step < steps; step++) {
    const out = await r.bound.run({ x: embed(s, table, tokens) });
    lastArgmax(out['logits']!).forEach((tok, i) => tokens[i]!.push(tok));
  }
  return tokens;
}

async function cached(c: Step, { s, table, steps }: DecodeRun): Promise<number[][]> {
  const tokens = prompt(s);
  const last = () => tokens.map((row) => [row[row.length - 1]!]);
  await decodeBound(c.bound, c.graph, {
    first: { x: embed(s, table, last()) },
    steps,
    caches: emptyCaches(c.graph),
    next: (out) => {
      lastArgmax(out['logits']!).forEach((tok, i) => tokens[i]!.push(tok));
      return { x: embed(s, table, last()) };
    },
  });
  return tokens;
}

async function compileStep(backend: string, s: DecoderSizes, cache: boolean, weights: Record<string, HostTensor>): Promise<Step> {
  const graph = decoderGraph(s, cache);
  const compiled = await getBackend(backend).compile(graph);
  return { graph, compiled, bound: await compiled.bind(weights) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * `rounds` timed decodings of each, interleaved (each round runs both, in alternating order), after one
 * untimed decoding of each at full length: kernels, sessions and every cache length or sequence length
 * the timed loops meet have run once, so the times are those of a decoder in use. Tokens per second are
 * medians over the rounds; `speedUp` is the median of each round's ratio.
 */
export async function benchDecoding(backend: string, s: DecoderSizes, steps: number, rounds = 3): Promise<DecodingResult> {
  const weights = initWeights(decoderGraph(s, false), { seed: 1 });
  const run: DecodeRun = { s, table: embeddingTable(s), steps };
  const c = await compileStep(backend, s, true, weights);
  const r = await compileStep(backend, s, false, weights);
  try {
    await cached(c, run);
    await recompute(r, run);
    const cachedMs: number[] = [];
    const recomputeMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const timeCached = async () => {
        const t0 = performance.now();
        const tokens = await cached(c, run);
        cachedMs.push(performance.now() - t0);
        return tokens;
      };
      const timeRecompute = async () => {
        const t0 = performance.now();
        const tokens = await recompute(r, run);
        recomputeMs.push(performance.now() - t0);
        return tokens;
      };
      let a: number[][];
      let b: number[][];
      if (round % 2 === 0) {
        a = await timeCached();
        b = await timeRecompute();
      } else {
        b = await timeRecompute();
        a = await timeCached();
      }
      checkAgree(backend, steps, a, b);
    }
    const tokens = steps * s.batch;
    return {
      backend,
      batch: s.batch,
      tokens: steps,
      cachedTokensPerSecond: (tokens / median(cachedMs)) * 1000,
      recomputeTokensPerSecond: (tokens / median(recomputeMs)) * 1000,
      speedUp: median(recomputeMs.map((ms, i) => ms / cachedMs[i]!)),
    };
  } finally {
    c.compiled.dispose();
    r.compiled.dispose();
  }
}

/** Both must have chosen the same tokens (the cached run's last step feeds no token back). */
function checkAgree(backend: string, steps: number, a: number[][], b: number[][]): void {
  const agree = a.every((row, i) => row.slice(0, steps).every((tok, j) => tok === b[i]![j]));
  if (!agree) throw new Error(`${backend}: cached and recomputed greedy decoding chose different tokens`);
}
