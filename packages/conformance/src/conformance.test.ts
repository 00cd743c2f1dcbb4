import { layerClassNames } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { LAYERS, MATCHES_REF, defaultTargets, runConformance, type CellResult } from './index.js';

const KAPPA_CEILING = 5;
const RAW_ERROR_CEILING = 1.5e-5;

const summary = (rs: CellResult[]): string =>
  rs.filter((r) => !r.passed).map((r) => `${r.layer} / ${r.target} / ${r.check}: ${r.failure?.message} ${r.failure?.counterexample}`).join('\n');

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
  it('passes every layer and law on tfjs-cpu and onnx-web@17', async () => {
    const targets = defaultTargets(['tfjs-cpu', 'onnx-web']).filter((t) => t.name !== 'onnx-web@23');
    let last = 0;
    const results = await runConformance({ targets, runs: 5, seed: 42, onProgress: (done) => { last = done; } });
    expect(last).toBe(results.length);
    expect(summary(results)).toBe('');
    expect(new Set(results.filter((r) => r.check === MATCHES_REF).map((r) => r.layer))).toEqual(new Set(LAYERS));
    expect(LAYERS).toEqual(layerClassNames());
    const worst = new Map<string, number>();
    for (const r of results) if (r.check === MATCHES_REF) worst.set(r.target, Math.max(worst.get(r.target) ?? 0, r.maxError));
    console.log('max normalized error per target:', Object.fromEntries(worst));
    const perLayer = new Map<string, { kappa: number; raw: number }>();
    for (const r of results) {
      if (r.check !== MATCHES_REF) continue;
      const p = perLayer.get(r.layer) ?? { kappa: 1, raw: 0 };
      perLayer.set(r.layer, { kappa: Math.max(p.kappa, r.maxKappa ?? 1), raw: Math.max(p.raw, r.maxRawError ?? 0) });
    }
    console.log('largest kappa and error (before dividing by kappa) per layer:', JSON.stringify(Object.fromEntries(perLayer)));
    // Ceilings recorded from a 50-run measurement on tfjs-cpu and onnx-web@17 (largest kappa 1.73,
    // largest raw error 4.2e-6), with ~3x room: a tolerance that loosens, or a backend that drifts,
    // shows here before it can hide a wrong formula.
    for (const [layer, { kappa, raw }] of perLayer) {
      expect(kappa, `${layer}: largest kappa`).toBeLessThan(KAPPA_CEILING);
      expect(raw, `${layer}: largest raw error`).toBeLessThan(RAW_ERROR_CEILING);
    }
  }, 120_000);
});
