import { median, progress } from './format.js';

export interface Timing {
  name: string;
  medianMs: number;
  gflops: number;
}

export interface Contender {
  name: string;
  once: () => Promise<void>;
}

/**
 * Runs the contenders in alternation (after one warm-up each), so a slow stretch of a noisy machine
 * hits all of them alike, and reports each one's median.
 */
export async function timeInterleaved(title: string, contenders: readonly Contender[], runs: number, flops: number): Promise<Timing[]> {
  for (const c of contenders) await c.once();
  const samples = contenders.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    progress(`${title}: run ${i + 1}/${runs}`);
    // Every other round runs in reverse order, so no contender always goes first (and pays for the
    // garbage the others left).
    const order = [...contenders.keys()];
    if (i % 2 === 1) order.reverse();
    for (const j of order) {
      const start = performance.now();
      await contenders[j]!.once();
      samples[j]!.push(performance.now() - start);
    }
  }
  return contenders.map((c, j) => {
    const medianMs = median(samples[j]!);
    return { name: c.name, medianMs, gflops: flops / (medianMs * 1e6) };
  });
}

/** Multiply-adds of one MultiHeadAttention forward pass (self-attention), counted as 2 flops each. */
export function mhaFlops({ batch, seq, model }: { batch: number; seq: number; model: number }): number {
  return 4 * 2 * batch * seq * model * model + 2 * 2 * batch * seq * seq * model;
}
