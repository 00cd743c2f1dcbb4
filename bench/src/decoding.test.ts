import { describe, expect, it } from 'vitest';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { LayerNormalization, initWeights } from '@layerspec/spec';
import { benchDecoding } from './decoding.js';
import { decoderGraph } from './decoder-stack.js';
import { measureOverhead } from './run-overhead.js';
import { randomInput } from './cases/random-input.js';

const tiny = { blocks: 2, dModel: 8, heads: 2, vocab: 16, batch: 2 };

describe('the decoding benchmark', () => {
  it('the step graph pairs every block cache input with its output', () => {
    const g = decoderGraph(tiny, true);
    expect(g.inputs.map((i) => i.name)).toEqual(['x', 'block0/past_key', 'block0/past_value', 'block1/past_key', 'block1/past_value']);
    expect(g.outputs.map((o) => o.name)).toEqual([
      'block0/present_key',
      'block0/present_value',
      'block1/present_key',
      'block1/present_value',
      'logits',
    ]);
  });

  it.each(['tfjs-cpu', 'onnx-web'])('on %s, cached and recomputed greedy decoding choose the same tokens', async (backend) => {
    const r = await benchDecoding(backend, tiny, 6);
    expect(r.cachedTokensPerSecond).toBeGreaterThan(0);
    expect(r.recomputeTokensPerSecond).toBeGreaterThan(0);
    expect(r.speedUp).toBeGreaterThan(0);
  });

  it('measures compiled.run and session.run on the same model', async () => {
    const type = { dtype: 'float32' as const, shape: [2, 4, 8] };
    const graph = new LayerNormalization().build({ input: type });
    const setup = {
      id: 'layernorm' as const,
      title: 'tiny',
      sizes: {},
      graph,
      weights: initWeights(graph),
      feeds: { input: randomInput(type.shape, 1) },
      forwardFlops: 0,
    };
    const r = await measureOverhead(setup, 'onnx-web', 3);
    expect(r.sessionMs).toBeGreaterThan(0);
    expect(r.compiledMs).toBeGreaterThan(0);
    expect(r.pairedRatio).toBeGreaterThan(0);
    expect(r.boundMs).toBeGreaterThan(0);
    expect(r.boundPairedRatio).toBeGreaterThan(0);
    expect(r.snapshotMs).toBeGreaterThanOrEqual(0);
    expect(r.bindInputsMs).toBeGreaterThanOrEqual(0);
  });
});
