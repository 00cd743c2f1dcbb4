import { cpus, totalmem } from 'node:os';
import { Random } from '@layerspec/spec';
import { median, progress } from '@layerspec/cli/format';

/** 0..n-1 in a random order (Fisher-Yates). */
function shuffled(n: number, rng: Random): number[] {
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

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
export async function timeInterleaved(
  title: string,
  contenders: readonly TimedContender[],
  runs: number,
  flops: number,
): Promise<Timing[]> {
  const samples = contenders.map((): number[] => []);
  const rng = new Random(runs);
  for (let i = 0; i < runs; i++) {
    progress(`${title}: run ${i + 1}/${runs}`);
    // Each round runs in a fresh (seeded) order, so no contender keeps one place: whichever runs first
    // pays for the others' garbage, and runtimes with thread pools of their own slow down whichever
    // runs next.
    const order = shuffled(contenders.length, rng);
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
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
