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

export const BENCH_USAGE = `usage: layerspec bench [--layers ${CASE_IDS.join(',')}] [--backends ${BACKENDS.join(',')}]
                       [--sizes name=value,...] [--passes forward,backward] [--runs N] [--json file] [--no-memory]

Times each layer on every backend beside the peers a user would pick instead (hand-written
TensorFlow.js, tfjs-layers' own layers, hand-built ONNX graphs): medians of interleaved runs after
warm-up, GFLOP/s, each time over the best peer's on the same runtime, each output's largest
difference from the reference engine, and each contender's peak memory, measured in a process of
its own (--no-memory skips that). Cases and their sizes:
${CASE_IDS.map((id) => `  ${id.padEnd(18)} ${Object.entries(CASES[id].defaults).map(([k, v]) => `${k}=${v}`).join(',')}`).join('\n')}`;

function list<T extends string>(flag: string, value: string, allowed: readonly T[]): T[] {
  const items = value.split(',').filter((s) => s !== '');
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) throw new Error(`${flag}: unknown '${item}' (one of ${allowed.join(', ')})`);
  }
  if (items.length === 0) throw new Error(`${flag} needs at least one of ${allowed.join(', ')}`);
  return allowed.filter((a) => items.includes(a));
}

function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got '${value}'`);
  return n;
}

function sizes(value: string, cases: readonly CaseId[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of value.split(',').filter((s) => s !== '')) {
    const [name, v, extra] = pair.split('=');
    if (!name || v === undefined || extra !== undefined) throw new Error(`--sizes: expected name=value, got '${pair}'`);
    if (!cases.some((id) => name in CASES[id].defaults)) {
      const known = [...new Set(cases.flatMap((id) => Object.keys(CASES[id].defaults)))];
      throw new Error(`--sizes: no selected case has a size '${name}' (sizes: ${known.join(', ')})`);
    }
    out[name] = positiveInt(`--sizes ${name}`, v);
  }
  return out;
}

export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const values = new Map<string, string>();
  let memory = true;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (flag === '--no-memory') {
      memory = false;
      continue;
    }
    if (!['--layers', '--backends', '--sizes', '--passes', '--runs', '--json'].includes(flag)) {
      throw new Error(`unknown option '${flag}'\n\n${BENCH_USAGE}`);
    }
    const value = args[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    values.set(flag, value);
  }
  const cases = values.has('--layers') ? list('--layers', values.get('--layers')!, CASE_IDS) : [...CASE_IDS];
  return {
    cases,
    backends: values.has('--backends') ? list('--backends', values.get('--backends')!, BACKENDS) : [...BACKENDS],
    passes: values.has('--passes') ? list('--passes', values.get('--passes')!, PASSES) : undefined,
    sizes: values.has('--sizes') ? sizes(values.get('--sizes')!, cases) : {},
    runs: values.has('--runs') ? positiveInt('--runs', values.get('--runs')!) : undefined,
    json: values.get('--json'),
    memory,
  };
}
