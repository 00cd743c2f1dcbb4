import { argumentError, defineCommand, echo, flags, parseArgs, usageOf } from '@layerspec/cli/args';
import { CASES } from './cases/index.js';
import { BACKENDS, CASE_IDS, PASSES, type BackendName, type CaseId, type Pass } from './types.js';

export interface BenchOptions {
  cases: readonly CaseId[];
  backends: readonly BackendName[];
  passes: readonly Pass[] | undefined;
  /** Overrides of the cases' sizes, by name; each applies to every selected case that has it. */
  sizes: Readonly<Record<string, number>>;
  runs: number | undefined;
  json: string | undefined;
  memory: boolean;
}

function positiveInt(text: string, name: string): number {
  if (!/^\d+$/.test(text) || !(Number(text) >= 1 && Number(text) <= 2 ** 31 - 1)) {
    flags.fail(`${name} takes an integer from 1 to ${2 ** 31 - 1}, got ${echo(text)}`);
  }
  return Number(text);
}

/** The flags of `layerspec bench`; a new flag is one more entry. */
export const BENCH_SPEC = defineCommand({
  name: 'bench',
  description: `Times each layer on every backend beside the peers a user would pick instead (hand-written
TensorFlow.js, tfjs-layers' own layers, hand-built ONNX graphs): medians of interleaved runs after
warm-up, GFLOP/s, each time over the best peer's on the same runtime, each output's largest
difference from the reference engine, and each contender's peak memory, measured in a process of
its own (--no-memory skips that). Cases and their sizes:
${CASE_IDS.map(
  (id) =>
    `  ${id.padEnd(18)} ${Object.entries(CASES[id].defaults)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}`,
).join('\n')}`,
  flags: {
    layers: flags.list({ names: '--layers', placeholder: CASE_IDS.join(','), doc: 'the cases to time (default: all)', allowed: CASE_IDS }),
    backends: flags.list({
      names: '--backends',
      placeholder: BACKENDS.join(','),
      doc: 'the backends to time (default: all)',
      allowed: BACKENDS,
    }),
    sizes: flags.keyed({
      names: '--sizes',
      placeholder: 'name=value,...',
      doc: "sizes instead of the cases' own, each for every selected case that has it",
      separator: ',',
      value: positiveInt,
    }),
    passes: flags.list({
      names: '--passes',
      placeholder: PASSES.join(','),
      doc: "the passes to time (default: each case's own)",
      allowed: PASSES,
    }),
    runs: flags.int({
      names: '--runs',
      placeholder: 'N',
      doc: "timed runs per contender (default: each case's own)",
      min: 1,
      max: 1_000_000,
    }),
    json: flags.string({
      names: '--json',
      placeholder: 'file',
      doc: 'also write the results as JSON (relative to where you run the command)',
      check: flags.writable,
    }),
    noMemory: flags.toggle({ names: '--no-memory', doc: 'skip the peak memory measurements (each in a process of its own)' }),
  },
});

export const BENCH_USAGE = usageOf(BENCH_SPEC);

/** The benchmark's options; a LayerspecError for anything it does not accept. */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const { values } = parseArgs(BENCH_SPEC, args);
  const cases = values.layers ?? [...CASE_IDS];
  for (const name of Object.keys(values.sizes)) {
    if (!cases.some((id) => name in CASES[id].defaults)) {
      const known = [...new Set(cases.flatMap((id) => Object.keys(CASES[id].defaults)))];
      throw argumentError(BENCH_SPEC, `--sizes: no selected case has a size ${echo(name)} (sizes: ${known.join(', ')})`);
    }
  }
  return {
    cases,
    backends: values.backends ?? [...BACKENDS],
    passes: values.passes,
    sizes: values.sizes,
    runs: values.runs,
    json: values.json,
    memory: !values.noMemory,
  };
}
