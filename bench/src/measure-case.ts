import { endProgress, maxAbsDiff } from '@layerspec/cli/format';
import type { Group } from './groups.js';
import type { BenchResult } from './results.js';
import { timeInterleaved, warmUp } from './timing.js';
import type { CaseSetup, Contender, Pass, Runner } from './types.js';

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** A contender whose warm-up took longer than this gets only as many runs as fit in it (at least one). */
const SLOW_CONTENDER_BUDGET_MS = 60_000;

/**
 * Fast contenders get more rounds than asked for, as long as the rounds so far took less than this (up
 * to MAX_ROUNDS): a median of 7 runs of a few milliseconds moves with every pause of the machine.
 */
const FAST_GROUP_BUDGET_MS = 3_000;
const MAX_ROUNDS = 200;

function runsWithin(warmUpMs: number, runs: number): number {
  return Math.max(1, Math.min(runs, Math.floor(SLOW_CONTENDER_BUDGET_MS / warmUpMs)));
}

/** Times one group's contenders for one pass, interleaved, and compares each with the best peer. */
async function measurePass(setup: CaseSetup, group: Group, pass: Pass, runs: number, reference: ArrayLike<number>): Promise<BenchResult[]> {
  const base = (c: Contender) => ({ case: setup.id, runtime: group.runtime, name: c.name, backend: c.backend, ours: c.ours, pass });
  const failed: BenchResult[] = [];
  const ready: { contender: Contender; runner: Runner; warmUpMs: number }[] = [];
  for (const contender of group.contenders.filter((c) => c.passes.includes(pass))) {
    try {
      const runner = await contender.prepare(pass);
      ready.push({ contender, runner, warmUpMs: await warmUp(() => runner.once()) });
    } catch (error) {
      failed.push({ ...base(contender), error: message(error) });
    }
  }
  const flops = pass === 'forward' ? setup.forwardFlops : 3 * setup.forwardFlops;
  const timings = await timeInterleaved(
    `${setup.id} ${pass} on ${group.runtime}`,
    ready.map(({ contender, runner, warmUpMs }) => ({
      name: contender.name,
      once: () => runner.once(),
      runs: runsWithin(warmUpMs, MAX_ROUNDS),
    })),
    { min: runs, max: MAX_ROUNDS, budgetMs: FAST_GROUP_BUDGET_MS },
    flops,
  );
  const results: BenchResult[] = [];
  for (const [i, { contender, runner }] of ready.entries()) {
    const t = timings[i]!;
    const stats = runner.stats?.();
    results.push({
      ...base(contender),
      runs: t.runs,
      medianMs: t.medianMs,
      gflops: t.gflops,
      ...(pass === 'forward' ? { maxAbsError: maxAbsDiff(await runner.output(), reference) } : {}),
      ...(stats?.['peakTensorBytes'] ? { peakTensorMiB: stats['peakTensorBytes'] / 2 ** 20 } : {}),
    });
    await runner.dispose();
  }
  endProgress();
  const peers = results.filter((r) => !r.ours);
  const best = peers.reduce<BenchResult | undefined>((a, r) => (a === undefined || r.medianMs! < a.medianMs! ? r : a), undefined);
  if (best) for (const r of results) Object.assign(r, { ratio: r.medianMs! / best.medianMs!, bestPeer: best.name });
  return [...results, ...failed];
}

export async function measureCase(
  setup: CaseSetup,
  groups: readonly Group[],
  passes: readonly Pass[],
  runs: number,
  reference: ArrayLike<number>,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const group of groups) {
    for (const pass of passes) results.push(...(await measurePass(setup, group, pass, runs, reference)));
  }
  return results;
}
