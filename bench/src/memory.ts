import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { progress } from '@layerspec/cli/format';
import type { ProbeRequest, ProbeResult } from './memory-probe.js';
import type { BenchResult } from './results.js';
import type { Sizes } from './types.js';

const run = promisify(execFile);

/** The built benchmark entry, which the probes run (a probe needs a process of its own). */
function entry(): string {
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  if (!existsSync(main))
    throw new Error(`peak memory is measured by the built benchmark (${main}); build it (npm run build) or pass --no-memory`);
  return main;
}

export const PROBE_FLAG = '--memory-probe';

async function probe(request: ProbeRequest): Promise<ProbeResult> {
  const { stdout } = await run(process.execPath, [entry(), PROBE_FLAG, JSON.stringify(request)], { maxBuffer: 1 << 20 });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  const parsed: unknown = JSON.parse(last);
  const result = typeof parsed === 'object' && parsed !== null ? (parsed as Partial<ProbeResult>) : {};
  if (typeof result.peakAddedBytes !== 'number' || typeof result.exact !== 'boolean') throw new Error(`memory probe printed ${last}`);
  return { peakAddedBytes: result.peakAddedBytes, exact: result.exact };
}

/** Fills in each result's peak memory, one fresh process per contender and pass. */
export async function measureMemory(results: BenchResult[], sizes: Sizes): Promise<void> {
  const todo = results.filter((r) => r.error === undefined);
  for (const [i, r] of todo.entries()) {
    progress(`${r.case}: peak memory of ${r.name} (${r.pass}), ${i + 1}/${todo.length}`);
    try {
      const { peakAddedBytes, exact } = await probe({ case: r.case, sizes, backend: r.backend, name: r.name, pass: r.pass });
      r.peakMiB = peakAddedBytes / 2 ** 20;
      if (!exact) r.peakIsUpperBound = true;
    } catch (error) {
      r.error = `memory probe failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
    }
  }
}
