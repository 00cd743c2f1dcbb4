/**
 * A longer run, off by default: CONFORMANCE_RUNS=200 npx vitest run packages/conformance/src/stress.test.ts
 * (optionally CONFORMANCE_SEED). Prints each failing cell and the max error per target.
 */
import { describe, expect, it } from 'vitest';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { listBackends } from '@layerspec/spec';
import { MATCHES_REF, defaultTargets, runConformance } from './index.js';

const runs = Number(process.env['CONFORMANCE_RUNS'] ?? 0);

describe.skipIf(!runs)('conformance, long run', () => {
  it(`every backend, ${runs} runs per cell`, async () => {
    const seed = process.env['CONFORMANCE_SEED'] ? Number(process.env['CONFORMANCE_SEED']) : undefined;
    const results = await runConformance({ targets: defaultTargets(listBackends()), runs, ...(seed !== undefined ? { seed } : {}) });
    const worst = new Map<string, number>();
    for (const r of results) {
      if (r.check === MATCHES_REF) worst.set(r.target, Math.max(worst.get(r.target) ?? 0, r.maxError));
      if (!r.passed) console.log(`FAIL ${r.layer} / ${r.target} / ${r.check}\n  seed ${r.failure?.seed} path ${r.failure?.path}\n  ${r.failure?.counterexample}\n  ${r.failure?.message}`);
    }
    console.log('max normalized error per target:', Object.fromEntries(worst));
    expect(results.filter((r) => !r.passed).map((r) => `${r.layer} / ${r.target} / ${r.check}`)).toEqual([]);
  }, 3_600_000);
});
