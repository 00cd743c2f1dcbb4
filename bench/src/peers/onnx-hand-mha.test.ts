import { describe, expect, it } from 'vitest';
import { MultiHeadAttention, Random } from '@layerspec/spec';
import { handBuiltMha, type HandVariant } from './onnx-hand-mha.js';
import { maxAbsDiff, noisyWeights, randomTensor, runOrtWeb, runReference } from './peer-testing.js';

describe('handBuiltMha', () => {
  const shape = { heads: 2, model: 8 };
  const graph = new MultiHeadAttention({ numHeads: shape.heads, keyDim: shape.model / shape.heads }).build({
    query: { dtype: 'float32', shape: ['batch', 'seq', shape.model] },
    value: { dtype: 'float32', shape: ['batch', 'seq', shape.model] },
  });
  const weights = noisyWeights(graph, 2);
  const x = randomTensor([2, 5, shape.model], new Random(21));

  it.each<HandVariant>(['decomposed', 'attention-op', 'contrib-mha'])('%s matches self-attention on onnxruntime-web', async (variant) => {
    const expected = (await runReference(graph, { query: x, value: x }, weights))['output']!.data;
    const got = (await runOrtWeb(handBuiltMha(variant, shape, weights), { x }))['y']!;
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
  });
});
