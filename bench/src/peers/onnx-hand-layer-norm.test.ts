import { describe, expect, it } from 'vitest';
import { LayerNormalization, Random } from '@layerspec/spec';
import { handBuiltLayerNorm } from './onnx-hand-layer-norm.js';
import { maxAbsDiff, noisyWeights, randomTensor, runOrtWeb, runReference } from './peer-testing.js';

describe('handBuiltLayerNorm', () => {
  const model = 12;
  const graph = new LayerNormalization({}).build({ input: { dtype: 'float32', shape: ['batch', 'seq', model] } });
  const weights = noisyWeights(graph, 5);
  // Non-zero means and a spread of scales, so a missing centering or epsilon shows.
  const x = randomTensor([2, 5, model], new Random(11));
  x.data = x.data.map((v, i) => v * (1 + (i % 7)) + (i % 3));

  it.each(['native', 'decomposed'] as const)('%s matches the library on onnxruntime-web', async (variant) => {
    const expected = (await runReference(graph, { input: x }, weights))['output']!.data;
    const got = (await runOrtWeb(handBuiltLayerNorm(variant, model, weights), { input: x }))['output']!;
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
  });

  it('runs at another batch and length (symbolic dims)', async () => {
    const other = randomTensor([3, 1, model], new Random(12));
    const expected = (await runReference(graph, { input: other }, weights))['output']!.data;
    const got = (await runOrtWeb(handBuiltLayerNorm('decomposed', model, weights), { input: other }))['output']!;
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
  });
});
