import { table } from '@layerspec/cli/format';
import type { BenchResult } from './results.js';
import type { CaseSetup } from './types.js';

const fixed = (v: number | undefined, digits: number): string => (v === undefined ? '-' : v.toFixed(digits));

function ratioCell(r: BenchResult): string {
  if (r.ratio === undefined) return '-';
  return `${r.ratio.toFixed(2)}${!r.ours && r.name === r.bestPeer ? ' *' : ''}`;
}

function memoryCell(r: BenchResult): string {
  const mib = (v: number) => v.toFixed(v < 10 ? 1 : 0);
  const rss = r.peakMiB === undefined ? '-' : `${r.peakIsUpperBound ? '<= ' : ''}${mib(r.peakMiB)}`;
  return r.peakTensorMiB === undefined ? rss : `${rss} (tensors ${mib(r.peakTensorMiB)})`;
}

/** One case's results: a row per contender and pass, grouped by runtime; why any did not run, below. */
export function caseTable(setup: CaseSetup, results: readonly BenchResult[]): string {
  const reasons: string[] = [];
  const rows = results.map((r) => {
    if (r.error === undefined) {
      return [
        r.runtime,
        r.name,
        r.pass,
        fixed(r.medianMs, 2),
        fixed(r.gflops, 2),
        ratioCell(r),
        memoryCell(r),
        r.maxAbsError === undefined ? '-' : r.maxAbsError.toExponential(1),
      ];
    }
    reasons.push(`[${reasons.length + 1}] ${r.name}, ${r.pass}: ${r.error}`);
    return [r.runtime, r.name, r.pass, `does not run [${reasons.length}]`, '', '', '', ''];
  });
  return [
    `${setup.title} (${(setup.forwardFlops / 1e9).toFixed(3)} GFLOP forward)`,
    table([['runtime', 'implementation', 'pass', 'median ms', 'GFLOP/s', 'time / best peer', 'peak MiB', 'max |y - ref|'], ...rows]),
    ...reasons,
  ].join('\n');
}

export interface Target {
  case: string;
  target: string;
  measured: number;
  limit: number;
  met: boolean;
}

const find = (results: readonly BenchResult[], pred: (r: BenchResult) => boolean): BenchResult | undefined =>
  results.find((r) => pred(r) && r.medianMs !== undefined);

/**
 * The targets the backends were built to: the reference engine at least 3x faster than hand-written
 * tfjs on cpu; the tfjs lowering no slower than hand-written tfjs; each ONNX export within 1.1x of
 * the best hand-built graph on its runtime.
 */
export function targets(results: readonly BenchResult[]): Target[] {
  const out: Target[] = [];
  for (const c of [...new Set(results.map((r) => r.case))]) {
    const mine = results.filter((r) => r.case === c);
    const ref = find(mine, (r) => r.backend === 'ref');
    const handCpu = find(mine, (r) => r.backend === 'tfjs-cpu' && r.name.startsWith('tfjs by hand') && r.pass === 'forward');
    if (ref && handCpu) {
      const speedup = handCpu.medianMs! / ref.medianMs!;
      out.push({
        case: c,
        target: 'reference engine speed-up over tfjs cpu by hand (forward)',
        measured: speedup,
        limit: 3,
        met: speedup >= 3,
      });
    }
    for (const ours of mine.filter((r) => r.ours && r.ratio !== undefined && r.backend !== 'ref')) {
      const tfjs = ours.backend.startsWith('tfjs');
      const hand = tfjs
        ? find(mine, (r) => r.backend === ours.backend && r.pass === ours.pass && r.name.startsWith('tfjs by hand'))
        : undefined;
      const ratio = tfjs ? (hand ? ours.medianMs! / hand.medianMs! : undefined) : ours.ratio!;
      if (ratio === undefined) continue;
      const limit = tfjs ? 1 : 1.1;
      const what = tfjs ? `${ours.name} (${ours.pass}) / tfjs by hand` : `${ours.name} on ${ours.runtime} / ${ours.bestPeer}`;
      out.push({ case: c, target: what, measured: ratio, limit, met: ratio <= limit });
    }
  }
  return out;
}

export function targetTable(list: readonly Target[]): string {
  return table([
    ['case', 'target', 'measured', 'limit', 'met'],
    ...list.map((t) => [
      t.case,
      t.target,
      t.measured.toFixed(2),
      `${t.limit.toFixed(1)}${t.target.startsWith('reference') ? ' or more' : ' or less'}`,
      t.met ? 'yes' : 'no',
    ]),
  ]);
}
