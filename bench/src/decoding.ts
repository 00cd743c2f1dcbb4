/**
 * Greedy decoding of N new tokens after a one-token prompt, per backend: with caches (`decode` over the
 * step graph, one token per run) and without (the whole sequence re-run for every new token). Both
 * must pick the same tokens; the result is tokens per second of each.
 */
import { decode, emptyCaches, getBackend, initWeights, type Compiled, type Graph, type HostTensor } from '@layerspec/spec';
import { decoderGraph, embed, embeddingTable, lastArgmax, type DecoderSizes } from './decoder-stack.js';

export interface DecodingResult {
  readonly backend: string;
  readonly batch: number;
  readonly tokens: number;
  readonly cachedTokensPerSecond: number;
  readonly recomputeTokensPerSecond: number;
}

interface Step {
  readonly graph: Graph;
  readonly compiled: Compiled;
}

const prompt = (s: DecoderSizes): number[][] => Array.from({ length: s.batch }, (_, i) => [i % s.vocab]);

async function recompute(
  r: Step,
  s: DecoderSizes,
  weights: Record<string, HostTensor>,
  table: Float32Array,
  steps: number,
): Promise<number[][]> {
  const tokens = prompt(s);
  for (let step = 0; step < steps; step++) {
    const out = await r.compiled.run({ x: embed(s, table, tokens) }, weights);
    lastArgmax(out['logits']!).forEach((tok, i) => tokens[i]!.push(tok));
  }
  return tokens;
}

async function cached(
  c: Step,
  s: DecoderSizes,
  weights: Record<string, HostTensor>,
  table: Float32Array,
  steps: number,
): Promise<number[][]> {
  const tokens = prompt(s);
  const last = () => tokens.map((row) => [row[row.length - 1]!]);
  await decode(c.compiled, c.graph, weights, {
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

async function compileStep(backend: string, s: DecoderSizes, cache: boolean): Promise<Step> {
  const graph = decoderGraph(s, cache);
  return { graph, compiled: await getBackend(backend).compile(graph) };
}

/**
 * One timed decoding of each, compiled beforehand and warmed up with a short decoding (kernels,
 * sessions), so the times are the decoding loops alone.
 */
export async function benchDecoding(backend: string, s: DecoderSizes, steps: number): Promise<DecodingResult> {
  const weights = initWeights(decoderGraph(s, false), { seed: 1 });
  const table = embeddingTable(s);
  const c = await compileStep(backend, s, true);
  const r = await compileStep(backend, s, false);
  try {
    await cached(c, s, weights, table, 3);
    await recompute(r, s, weights, table, 3);
    let t0 = performance.now();
    const a = await cached(c, s, weights, table, steps);
    const cachedMs = performance.now() - t0;
    t0 = performance.now();
    const b = await recompute(r, s, weights, table, steps);
    const recomputeMs = performance.now() - t0;
    return result(backend, s, steps, a, b, cachedMs, recomputeMs);
  } finally {
    c.compiled.dispose();
    r.compiled.dispose();
  }
}

function result(
  backend: string,
  s: DecoderSizes,
  steps: number,
  a: number[][],
  b: number[][],
  cachedMs: number,
  recomputeMs: number,
): DecodingResult {
  // The cached run's last step feeds no token back; compare the tokens both produced.
  const agree = a.every((row, i) => row.slice(0, steps).every((tok, j) => tok === b[i]![j]));
  if (!agree) throw new Error(`${backend}: cached and recomputed greedy decoding chose different tokens`);
  const tokens = steps * s.batch;
  return {
    backend,
    batch: s.batch,
    tokens: steps,
    cachedTokensPerSecond: (tokens / cachedMs) * 1000,
    recomputeTokensPerSecond: (tokens / recomputeMs) * 1000,
  };
}
