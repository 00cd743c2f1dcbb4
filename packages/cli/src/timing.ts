import { cpus, totalmem } from 'node:os';
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

export interface RecordedTiming extends Timing {
  section: string;
  /** Median time over the section's baseline (hand-written or best hand-built). */
  ratio: number;
}

const results: RecordedTiming[] = [];

/** Keeps a section's timings for `--json`. */
export function record(section: string, timings: readonly Timing[], baseline: Timing): void {
  for (const t of timings) results.push({ section, ...t, ratio: t.medianMs / baseline.medianMs });
}

export function recorded(): readonly RecordedTiming[] {
  return results;
}

/** What the numbers were measured on. */
export function machine(): { cpu: string; cores: number; memoryGiB: number; node: string } {
  const list = cpus();
  return { cpu: list[0]?.model ?? 'unknown', cores: list.length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}
