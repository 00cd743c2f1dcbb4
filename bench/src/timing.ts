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

/** How many rounds: at least `min`; then more while the rounds so far took less than `budgetMs`, up to `max`. */
export interface Rounds {
  min: number;
  max: number;
  budgetMs: number;
}

/**
 * Runs the contenders in alternation (each already warmed up), so a slow stretch of a noisy machine
 * hits all of them alike, and reports each one's median. The number of rounds follows the time they
 * take, not an estimate made beforehand: a group of fast contenders gets many samples on a busy machine too.
 */
export async function timeInterleaved(
  title: string,
  contenders: readonly TimedContender[],
  rounds: Rounds,
  flops: number,
): Promise<Timing[]> {
  const samples = contenders.map((): number[] => []);
  const rng = new Random(rounds.min);
  // One untimed round first: a contender warmed up before the others were prepared has sat idle since
  // (its caches taken over, its runtime's threads asleep); this round wakes every one of them alike.
  // A slow contender (fewer runs than the rest) is spared it: one of its runs is long enough to be warm.
  for (const j of shuffled(contenders.length, rng)) {
    if ((contenders[j]!.runs ?? rounds.max) >= rounds.min) await contenders[j]!.once();
  }
  const began = performance.now();
  for (let i = 0; i < rounds.min || (i < rounds.max && performance.now() - began < rounds.budgetMs); i++) {
    progress(`${title}: run ${i + 1}`);
    // Each round runs in a fresh (seeded) order, so no contender keeps one place: whichever runs first
    // pays for the others' garbage, and runtimes with thread pools of their own slow down whichever
    // runs next.
    const order = shuffled(contenders.length, rng);
    for (const j of order) {
      if (i >= (contenders[j]!.runs ?? rounds.max)) continue;
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

/**
 * Warm-up runs per contender, as many as fit in WARM_UP_BUDGET_MS (at least one). A first run pays for
 * compiling, planning memory and starting thread pools (onnxruntime's first LayerNormalization run takes
 * many times its later ones). When the number of rounds was set from that one run, a fast group got the
 * minimum of rounds, and a median of 7 samples on a busy machine put one of two identical onnxruntime
 * sessions at 2.4 times the other.
 */
const WARM_UP_RUNS = 5;
const WARM_UP_BUDGET_MS = 1_000;

/** Runs `once` until warm; returns the time of the last run, which bounds the runs of a slow contender. */
export async function warmUp(once: () => Promise<void>): Promise<number> {
  let spent = 0;
  let last = 0;
  for (let i = 0; i < WARM_UP_RUNS && (i === 0 || spent + last < WARM_UP_BUDGET_MS); i++) {
    const start = performance.now();
    await once();
    last = performance.now() - start;
    spent += last;
  }
  return last;
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
