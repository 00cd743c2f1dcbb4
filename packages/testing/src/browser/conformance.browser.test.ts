/**
 * The conformance suite (every layer against ref, and every law) on each browser target, BROWSER_RUNS
 * cases per cell: the property-based check that the GPU runtimes compute the layers as the reference
 * engine does, with the suite's own tolerances. The cells of KNOWN_CONFORMANCE_FAILURES must fail (they are
 * reported with their counterexample); every other cell must pass.
 */
import { describe, expect, it } from 'vitest';
import { MATCHES_REF, defaultTargets, runConformance, type CellResult } from '@layerspec/conformance';
import { listBackends } from '@layerspec/spec';
import { KNOWN_CONFORMANCE_FAILURES, knownFailure } from './known-failures.js';
import { BROWSER_TARGETS } from './targets.js';

/** Cases per cell: SwiftShader runs the GPU kernels on the CPU, so two keep this suite to about a minute. */
export const BROWSER_RUNS = 2;

const targets = defaultTargets(listBackends()).filter((t) => BROWSER_TARGETS.some((b) => b.label === t.name));

const describeCell = (r: CellResult): string => `${r.layer} / ${r.target} / ${r.check}: ${r.failure?.message} ${r.failure?.counterexample}`;

describe('conformance in Chromium', () => {
  it('covers every browser target but ref', () => {
    expect(targets.map((t) => t.name).sort()).toEqual(
      BROWSER_TARGETS.map((t) => t.label)
        .filter((l) => l !== 'ref')
        .sort(),
    );
  });
  it.each(targets.map((t) => ({ t, name: t.name })))(
    '$name: every layer and law',
    async ({ t }) => {
      const results = await runConformance({ targets: [t], runs: BROWSER_RUNS, seed: 42 });
      const worst = Math.max(0, ...results.filter((r) => r.check === MATCHES_REF && r.passed).map((r) => r.maxError));
      console.log(`${t.name}: ${results.length} cells, max normalized error vs ref ${worst.toExponential(3)}`);
      const failed = results.filter((r) => !r.passed);
      for (const r of failed.filter((r) => knownFailure(KNOWN_CONFORMANCE_FAILURES, t.name, r.layer)))
        console.log(`known runtime failure: ${describeCell(r)}`);
      expect(
        failed
          .filter((r) => !knownFailure(KNOWN_CONFORMANCE_FAILURES, t.name, r.layer))
          .map(describeCell)
          .join('\n'),
      ).toBe('');
      const stale = KNOWN_CONFORMANCE_FAILURES.filter((k) => k.target.test(t.name) && !failed.some((r) => k.name.test(r.layer)));
      expect(stale.map((k) => `${k.name} no longer fails on ${t.name}: remove it from KNOWN_CONFORMANCE_FAILURES`)).toEqual([]);
    },
    600_000,
  );
});
