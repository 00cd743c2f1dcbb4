import { layerClassNames, listBackends } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { GRADIENT_MATCHES_REF, LAYERS, MATCHES_REF, defaultTargets, runConformance, type CellResult } from './index.js';

/**
 * Runs per cell in `npm test`: every Node target (tfjs-cpu, tfjs-wasm, onnx-web and onnx-node at
 * opsets 17 and 23), every layer, every check. CI_RUNS is what fits the test budget (README: measured
 * times); the fault catalogue (faults/catalogue.test.ts) is caught at FAULT_TEST_RUNS.
 */
export const CI_RUNS = Number(process.env['CONFORMANCE_CI_RUNS'] ?? 10);

// Ceilings recorded from measurements (forward: 50 runs per cell on tfjs-cpu and onnx-web@17, largest
// kappa 1.73, largest error 4.2e-6; gradients: 200 runs of SequenceAttention on tfjs-cpu, largest
// 2.26e-5, a 'concat' score at x100 inputs, where float32 forms 1 - tanh^2 of a saturated tanh), with
// room: a tolerance that loosens, or a backend that drifts, shows here before it can hide a wrong formula.
const KAPPA_CEILING = 5;
const RAW_ERROR_CEILING = 1.5e-5;
const GRADIENT_RAW_ERROR_CEILING = 5e-5;

const summary = (rs: CellResult[]): string =>
  rs
    .filter((r) => !r.passed)
    .map((r) => `${r.layer} / ${r.target} / ${r.check}: ${r.failure?.message} ${r.failure?.counterexample}`)
    .join('\n');

describe('defaultTargets', () => {
  it('lists every backend but ref, the ONNX ones at opsets 17 and 23', () => {
    expect(defaultTargets(['ref', 'tfjs-cpu', 'onnx-web'])).toEqual([
      { name: 'tfjs-cpu', backend: 'tfjs-cpu' },
      { name: 'onnx-web@17', backend: 'onnx-web', compileOptions: { opset: 17 } },
      { name: 'onnx-web@23', backend: 'onnx-web', compileOptions: { opset: 23 } },
    ]);
  });
});

describe('runConformance', () => {
  const targets = defaultTargets(listBackends());

  it('registers every Node target', () => {
    expect(targets.map((t) => t.name).sort()).toEqual([
      'onnx-node@17',
      'onnx-node@23',
      'onnx-web@17',
      'onnx-web@23',
      'tfjs-cpu',
      'tfjs-wasm',
    ]);
  });

  it.each(targets.map((t) => [t.name, t] as const))(
    `passes every layer, law and gradient on %s (${CI_RUNS} runs per cell)`,
    async (_name, target) => {
      const started = Date.now();
      let last = 0;
      const results = await runConformance({
        targets: [target],
        runs: CI_RUNS,
        seed: 42,
        onProgress: (done) => {
          last = done;
        },
      });
      expect(last).toBe(results.length);
      expect(summary(results)).toBe('');
      expect(new Set(results.filter((r) => r.check === MATCHES_REF).map((r) => r.layer))).toEqual(new Set(LAYERS));
      expect(LAYERS).toEqual(layerClassNames());
      const trains = target.backend.startsWith('tfjs');
      expect(results.some((r) => r.check === GRADIENT_MATCHES_REF)).toBe(trains);
      const perLayer = new Map<string, { kappa: number; raw: number }>();
      for (const r of results) {
        if (r.check !== MATCHES_REF && r.check !== GRADIENT_MATCHES_REF) continue;
        const key = `${r.layer}${r.check === MATCHES_REF ? '' : ' (gradient)'}`;
        const p = perLayer.get(key) ?? { kappa: 1, raw: 0 };
        perLayer.set(key, { kappa: Math.max(p.kappa, r.maxKappa ?? 1), raw: Math.max(p.raw, r.maxRawError ?? 0) });
      }
      const table = [...perLayer].map(([k, v]) => `  ${k.padEnd(38)} kappa ${v.kappa.toFixed(3)}  error ${v.raw.toExponential(2)}`);
      console.log(
        `${target.name}: ${results.length} cells in ${((Date.now() - started) / 1000).toFixed(1)} s; largest kappa and error (before dividing by kappa):\n${table.join('\n')}`,
      );
      for (const [layer, { kappa, raw }] of perLayer) {
        expect(kappa, `${layer}: largest kappa`).toBeLessThan(KAPPA_CEILING);
        expect(raw, `${layer}: largest raw error`).toBeLessThan(
          layer.endsWith('(gradient)') ? GRADIENT_RAW_ERROR_CEILING : RAW_ERROR_CEILING,
        );
      }
    },
    300_000,
  );
});
