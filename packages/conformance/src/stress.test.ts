/**
 * A longer run, off by default: CONFORMANCE_RUNS=1000 npx vitest run packages/conformance/src/stress.test.ts
 * Optional: CONFORMANCE_SEED, CONFORMANCE_TARGETS (comma-separated target names, default every Node
 * target), CONFORMANCE_CHECKS (comma-separated check names, e.g. 'matches ref'). Prints each failing
 * cell, the time taken and the largest error per target and check.
 */
import { describe, expect, it } from 'vitest';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { listBackends } from '@layerspec/spec';
import { MATCHES_REF, defaultTargets, runConformance } from './index.js';

const runs = Number(process.env['CONFORMANCE_RUNS'] ?? 0);
const list = (name: string): string[] | undefined =>
  process.env[name]
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

describe.skipIf(!runs)('conformance, long run', () => {
  it(
    `${runs} runs per cell`,
    async () => {
      const seed = process.env['CONFORMANCE_SEED'] ? Number(process.env['CONFORMANCE_SEED']) : undefined;
      const wanted = list('CONFORMANCE_TARGETS');
      const checks = list('CONFORMANCE_CHECKS');
      const targets = defaultTargets(listBackends()).filter((t) => !wanted || wanted.includes(t.name));
      const started = Date.now();
      const results = await runConformance({
        targets,
        runs,
        ...(seed !== undefined ? { seed } : {}),
        ...(checks ? { checks } : {}),
        onProgress: (done, total, label) => console.log(`[${done}/${total}] ${label} ${((Date.now() - started) / 1000).toFixed(0)} s`),
      });
      const worst = new Map<string, number>();
      for (const r of results) {
        const key = `${r.target}${r.check === MATCHES_REF ? '' : ` (${r.check})`}`;
        worst.set(key, Math.max(worst.get(key) ?? 0, r.maxRawError ?? 0));
        if (!r.passed)
          console.log(
            `FAIL ${r.layer} / ${r.target} / ${r.check}\n  seed ${r.failure?.seed} path ${r.failure?.path}\n  ${r.failure?.counterexample}\n  ${r.failure?.message}`,
          );
      }
      console.log(
        `${results.length} cells, ${runs} runs each, in ${((Date.now() - started) / 1000).toFixed(0)} s; largest error (before dividing by kappa) per target and check:`,
        Object.fromEntries(worst),
      );
      expect(results.filter((r) => !r.passed).map((r) => `${r.layer} / ${r.target} / ${r.check}`)).toEqual([]);
    },
    6 * 3_600_000,
  );
});
