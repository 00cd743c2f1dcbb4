import { LSTMCell } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import { useRuntime } from '../runtime.js';
import { tf, type Tensor } from '../tf.js';
import { tfl } from './index.js';
import { exportWeights, importWeights } from './weights.js';

describe('importWeights', () => {
  it.each(['cpu', 'wasm'] as const)('copies the given arrays on %s: changing them later changes nothing', async (runtime) => {
    await useRuntime(runtime);
    const layer = tfl.rnn({ cell: new LSTMCell({ units: 3 }), seed: 1 });
    const x = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 11);
    layer.apply(x);
    const weights = exportWeights(layer);
    importWeights(layer, weights);
    const before = Array.from((layer.apply(x) as Tensor).dataSync());
    weights['kernel']!.data.fill(0);
    expect(Array.from((layer.apply(x) as Tensor).dataSync())).toEqual(before);
  });
});
