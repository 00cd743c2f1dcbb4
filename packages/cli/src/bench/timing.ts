import { cpus, totalmem } from 'node:os';
import { median, progress } from '../format.js';

export interface Timing {
  name: string;
  runs: number;
  medianMs: number;
  gflops: number;
}

export interface TimedContender {
  name: string;
  once: () => Promise<void>;
  /** Fewer runs for a contender too slow for the full count; it joins only the first rounds. */
  runs?: number;
}

/**
 * Runs the contenders in alternation (each already warmed up), so a slow stretch of a noisy machine
 * hits all of them alike, and reports each one's median.
 */
export async function timeInterleaved(title: string, contenders: readonly TimedContender[], runs: number, flops: number): Promise<Timing[]> {
  const samples = contenders.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    progress(`${title}: run ${i + 1}/${runs}`);
    // Every other round runs in reverse order, so no contender always goes first (and pays for the
    // garbage the others left).
    const order = [...contenders.keys()];
    if (i % 2 === 1) order.reverse();
    for (const j of order) {
      if (i >= (contenders[j]!.runs ?? runs)) continue;
      const start = performance.now();
      await contenders[j]!.once();
      samples[j]!.push(performance.now() - start);
    }
  }
  return contenders.map((c, j) => {
    const medianMs = median(samples[j]!);
    return { name: c.name, runs: samples[j]!.length, medianMs, gflops: flops / (medianMs * 1e6) };
  });
}

/** What the numbers were measured on. */
export function machine(): { cpu: string; cores: number; memoryGiB: number; node: string; platform: string } {
  const list = cpus();
  return { cpu: list[0]?.model ?? 'unknown', cores: list.length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform} ${process.arch}` };
}
