import { describe, expect, it } from 'vitest';
import { AttentionWrapper, LSTMCell, Random } from '@layerspec/spec';
import { handBuiltAttentionWrapper } from './onnx-hand-attention-wrapper.js';
import { maxAbsDiff, noisyWeights, randomTensor, runOrtWeb, runReference } from './peer-testing.js';

describe('handBuiltAttentionWrapper', () => {
  const sizes = { inputSize: 4, memorySize: 5, units: 6 };
  const graph = new AttentionWrapper({ cell: new LSTMCell({ units: sizes.units }), mechanism: 'bahdanau' }).build({
    inputs: { dtype: 'float32', shape: ['batch', 'steps', sizes.inputSize] },
    memory: { dtype: 'float32', shape: ['batch', 'length', sizes.memorySize] },
  });
  const weights = noisyWeights(graph, 3);
  const model = handBuiltAttentionWrapper(sizes, weights);

  it.each([
    { batch: 2, steps: 3, length: 7 },
    { batch: 1, steps: 5, length: 2 },
  ])('matches the library on onnxruntime-web at batch $batch, steps $steps, memory length $length', async ({ batch, steps, length }) => {
    const rng = new Random(batch * 100 + steps);
    const feeds = {
      inputs: randomTensor([batch, steps, sizes.inputSize], rng),
      memory: randomTensor([batch, length, sizes.memorySize], rng),
    };
    const expected = (await runReference(graph, feeds, weights))['output']!;
    expect(expected.shape).toEqual([batch, steps, sizes.units]);
    const got = (await runOrtWeb(model, feeds))['output']!;
    expect(maxAbsDiff(got, expected.data)).toBeLessThan(1e-5);
  });

  it('uses a score size that differs from the cell units', async () => {
    const wide = new AttentionWrapper({ cell: new LSTMCell({ units: sizes.units }), mechanism: 'bahdanau', units: 9 }).build({
      inputs: { dtype: 'float32', shape: [2, 3, sizes.inputSize] },
      memory: { dtype: 'float32', shape: [2, 4, sizes.memorySize] },
    });
    const w = noisyWeights(wide, 4);
    const rng = new Random(9);
    const feeds = { inputs: randomTensor([2, 3, sizes.inputSize], rng), memory: randomTensor([2, 4, sizes.memorySize], rng) };
    const expected = (await runReference(wide, feeds, w))['output']!.data;
    const got = (await runOrtWeb(handBuiltAttentionWrapper(sizes, w), feeds))['output']!;
    expect(maxAbsDiff(got, expected)).toBeLessThan(1e-5);
  });
});
