import { DEVICE_PASS_NAMES, PASS_NAMES, listBackends } from '@layerspec/spec';
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
// The same on onnxruntime-node with the projections that read one value joined (fuse-sibling-projections,
// which no backend runs by default): the pass must keep every law, with the op and decomposed.
if (listBackends().includes('onnx-node')) {
  const passes = [...PASS_NAMES.filter((n) => !DEVICE_PASS_NAMES.includes(n)), 'fuse-sibling-projections'];
  for (const attention of ['auto', 'decomposed'] as const) {
    targets.push({
      name: `onnx-node@23 ${attention}, joined projections`,
      backend: 'onnx-node',
      compileOptions: { opset: 23, attention, passes },
    });
  }
}

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
