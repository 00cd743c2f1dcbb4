/**
 * Every fault of the catalogue is caught by the 'matches ref' cell of each layer it affects, at the
 * run count `npm test` uses, and shrinks to a small case.
 */
import { describe, expect, it } from 'vitest';
import { registerBackend } from '@layerspec/spec';
import { MATCHES_REF, runConformance } from '../runner.js';
import { FAULTS, faultBackend } from './catalogue.js';

/** The run count of the suite's own CI cells (conformance.test.ts). */
export const FAULT_TEST_RUNS = 20;

describe('the fault catalogue', () => {
  it('has at least 12 graph faults and the uniform 1% output error', () => {
    expect(FAULTS.filter((f) => f.rewrite).length).toBeGreaterThanOrEqual(13);
    expect(FAULTS.some((f) => f.outputs)).toBe(true);
  });

  it.each(FAULTS.map((f) => [f.id, f] as const))(
    'catches %s',
    async (_id, fault) => {
      const backend = faultBackend(fault, 'ref');
      registerBackend(backend);
      const results = await runConformance({
        targets: [{ name: backend.name, backend: backend.name }],
        layers: fault.layers,
        checks: [MATCHES_REF],
        runs: FAULT_TEST_RUNS,
        seed: 42,
      });
      for (const r of results) {
        const f = r.failure;
        console.log(`${fault.id} / ${r.layer}: ${r.passed ? 'NOT CAUGHT' : `caught at run ${r.cases}, shrunk to ${f?.counterexample}`}`);
      }
      expect(results.filter((r) => r.passed).map((r) => r.layer)).toEqual([]);
    },
    120_000,
  );
});
