/**
 * Measures the fault catalogue, off by default:
 *   FAULT_SEEDS=15 npx vitest run packages/conformance/src/faults/measure.test.ts
 * For each fault and layer: over FAULT_SEEDS seeds, the median number of runs the 'matches ref' cell
 * needs to catch it (and the most any seed needed; at most FAULT_MAX_RUNS, default 200), how many
 * seeds caught it, and the median
 * number of input elements of the shrunk counterexample. Prints a markdown table.
 */
import { describe, expect, it } from 'vitest';
import { registerBackend } from '@layerspec/spec';
import { MATCHES_REF, runConformance } from '../runner.js';
import { FAULTS, faultBackend } from './catalogue.js';

const seeds = Number(process.env['FAULT_SEEDS'] ?? 0);
const maxRuns = Number(process.env['FAULT_MAX_RUNS'] ?? 200);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

describe.skipIf(!seeds)('fault catalogue measurement', () => {
  it(`${seeds} seeds per fault`, async () => {
    const rows = [
      '| fault | layer | runs to catch (median) | (max) | caught | shrunk input elements (median) |',
      '|---|---|---|---|---|---|',
    ];
    for (const fault of FAULTS) {
      const backend = faultBackend(fault, 'ref');
      registerBackend(backend);
      for (const layer of fault.layers) {
        const runs: number[] = [];
        const sizes: number[] = [];
        for (let seed = 1; seed <= seeds; seed++) {
          const [r] = await runConformance({
            targets: [{ name: backend.name, backend: backend.name }],
            layers: [layer],
            checks: [MATCHES_REF],
            runs: maxRuns,
            seed,
          });
          if (r && !r.passed) {
            runs.push(r.cases);
            sizes.push(r.failure?.inputElements ?? NaN);
          }
        }
        rows.push(`| ${fault.id} | ${layer} | ${median(runs)} | ${Math.max(...runs)} | ${runs.length}/${seeds} | ${median(sizes)} |`);
      }
    }
    console.log(rows.join('\n'));
    expect(rows.length).toBeGreaterThan(2);
  }, 3_600_000);
});
