import { backend as ref } from '@layerspec/backend-ref';
import { tf } from '@layerspec/backend-tfjs';
import { endProgress, progress } from '@layerspec/cli/format';
import { writeUserFile } from '@layerspec/cli/paths';
import { CASES } from './cases/index.js';
import { groupsFor } from './groups.js';
import { measureCase } from './measure-case.js';
import { measureMemory, PROBE_FLAG } from './memory.js';
import { parseProbeRequest, runProbe } from './memory-probe.js';
import { parseBenchArgs } from './options.js';
import { caseTable, targets, targetTable } from './report.js';
import type { BenchResult } from './results.js';
import { machine } from './timing.js';
import type { CaseSetup } from './types.js';

async function referenceOutput(setup: CaseSetup): Promise<ArrayLike<number>> {
  progress(`${setup.id}: the reference engine's output`);
  const compiled = await ref.compile(setup.graph);
  const out = await compiled.run(setup.feeds, setup.weights);
  compiled.dispose();
  return out['output']!.data;
}

/** `layerspec bench [...]`: see BENCH_USAGE. */
export async function bench(args: readonly string[]): Promise<void> {
  tf.enableProdMode();
  if (args[0] === PROBE_FLAG) {
    console.log(JSON.stringify(await runProbe(parseProbeRequest(args[1] ?? ''))));
    return;
  }
  const options = parseBenchArgs(args);
  const info = machine();
  console.log(
    `${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, Node ${info.node}; medians of interleaved runs after each contender's warm-up runs and one untimed round`,
  );
  const report: {
    case: string;
    title: string;
    sizes: Record<string, number>;
    runs: number;
    forwardFlops: number;
    results: BenchResult[];
  }[] = [];
  for (const id of options.cases) {
    const bench = CASES[id];
    const sizes = Object.fromEntries(Object.entries(bench.defaults).map(([k, v]) => [k, options.sizes[k] ?? v]));
    const setup = bench.setup(sizes);
    const runs = options.runs ?? bench.runs;
    const passes = options.passes ?? bench.passes;
    const reference = await referenceOutput(setup);
    const results = await measureCase(setup, groupsFor(bench, setup, options.backends), passes, runs, reference);
    if (options.memory) await measureMemory(results, sizes);
    endProgress();
    console.log(`\n${caseTable(setup, results)}`);
    report.push({ case: id, title: setup.title, sizes, runs, forwardFlops: setup.forwardFlops, results });
  }
  const met = targets(report.flatMap((r) => r.results));
  console.log(
    `\n* the best peer on that runtime, which the ratios divide by. Peak MiB: resident memory a process running only that contender added (the reference engine's own count of tensor data in brackets).\n\nTargets\n${targetTable(met)}`,
  );
  if (options.json) {
    const json = writeUserFile(
      options.json,
      `${JSON.stringify({ date: new Date().toISOString(), machine: info, cases: report, targets: met }, null, 2)}\n`,
    );
    console.log(`wrote ${json}`);
  }
}
