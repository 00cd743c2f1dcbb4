import { listBackends } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import '@layerspec/backend-onnx';
import { runConformance, type Target } from './index.js';

/**
 * The layers with attention regions on both onnxruntimes at opset 23 with each export form: 'auto' (the
 * ONNX Attention op wherever it expresses a generated case, the backends' default) and 'decomposed'
 * forced. Forcing 'native' throws on the cases the op cannot express, so the golden and export tests
 * force it on the cases it can.
 */
/** As in conformance.test.ts (importing it would run that suite here too). */
const CI_RUNS = Number(process.env['CONFORMANCE_CI_RUNS'] ?? 10);

const LAYERS = ['ScaledDotProductAttention', 'MultiHeadAttention', 'TransformerEncoder', 'TransformerDecoder'];

const targets: Target[] = listBackends()
  .filter((b) => b === 'onnx-node' || b === 'onnx-web')
  .flatMap((backend) =>
    (['auto', 'decomposed'] as const).map((attention) => ({
      name: `${backend}@23 ${attention}`,
      backend,
      compileOptions: { opset: 23, attention },
    })),
  );

describe('attention layers in both ONNX export forms', () => {
  it.each(targets.map((t) => [t.name, t] as const))(`%s passes every check (${CI_RUNS} runs per cell)`, async (_name, target) => {
    const results = await runConformance({ targets: [target], layers: LAYERS, runs: CI_RUNS, seed: 7 });
    expect(new Set(results.map((r) => r.layer))).toEqual(new Set(LAYERS));
    const failed = results
      .filter((r) => !r.passed)
      .map((r) => `${r.layer} / ${r.check}: ${r.failure?.message} ${r.failure?.counterexample}`);
    expect(failed.join('\n')).toBe('');
  });
});
