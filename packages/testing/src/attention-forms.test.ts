/**
 * The attention golden cases (MultiHeadAttention, ScaledDotProductAttention) on both onnxruntimes at
 * opset 23 with each export form forced: 'native' (the ONNX Attention op) on every case the op expresses,
 * 'decomposed' on every case. The plain golden suite runs 'auto', the backends' default.
 */
import { describe, expect, it } from 'vitest';
import { getBackend, layerFromJSON, listBackends, type HostTensor } from '@layerspec/spec';
import { exportOnnx, type AttentionForm } from '@layerspec/backend-onnx';
import { GOLDEN_RTOL, readGoldenCases, runGoldenCase, type GoldenCase } from './golden-data.js';

const cases = ['multi_head_attention.json', 'scaled_dot_product_attention.json'].flatMap((f) => readGoldenCases(f));
const build = (c: GoldenCase) => layerFromJSON({ className: c.layer, config: c.config }).build(c.inputTypes, c.buildOptions);

/** Whether the ONNX Attention op expresses the case (forcing 'native' throws, naming why, where it does not). */
function nativeGap(c: GoldenCase): string | undefined {
  try {
    exportOnnx(build(c), undefined, { opset: 23, attention: 'native' });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const expressed = cases.filter((c) => nativeGap(c) === undefined);
const runtimes = listBackends().filter((n) => n === 'onnx-node' || n === 'onnx-web');

function worstError(label: string, actual: HostTensor | undefined, expected: { shape: number[]; data: number[] }): number {
  expect(actual?.shape, `${label}: shape`).toEqual(expected.shape);
  let worst = 0;
  expected.data.forEach((e, i) => {
    const err = Math.abs(actual!.data[i]! - e) / Math.max(1, Math.abs(e));
    if (!(err <= GOLDEN_RTOL))
      throw new Error(`${label}[${i}]: actual ${actual!.data[i]}, expected ${e} (scaled error ${err.toExponential(3)})`);
    worst = Math.max(worst, err);
  });
  return worst;
}

describe('attention golden cases with each ONNX export form', () => {
  it('the native op expresses most attention golden cases', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(expressed.length, cases.map((c) => `${c.name}: ${nativeGap(c) ?? 'native'}`).join('\n')).toBeGreaterThan(cases.length / 2);
  });

  const runs = runtimes.flatMap((backend) =>
    (['native', 'decomposed'] as const).flatMap((form) =>
      (form === 'native' ? expressed : cases).map((c) => ({ backend, form, c, name: c.name })),
    ),
  );
  it.each(runs)('$backend@23 $form: $name', async ({ backend, form, c }) => {
    const attention: AttentionForm = form;
    const out = await runGoldenCase({ backend: getBackend(backend), options: { opset: 23, attention } }, build(c), c);
    for (const [name, e] of Object.entries(c.expected)) worstError(`${c.name} / ${name}`, out[name], e);
  });
});
