/**
 * A tf.layers model with symbolic batches checks that its inputs' batches agree before any kernel runs:
 * tf.layers calls do not go through bindRun, and wasm kernels trust the shapes they are given. (`predict`
 * slices every input by the first one's batch before any layer sees it: tfjs's own concern.)
 */
import { describe, expect, it } from 'vitest';
import { tf, tfl, useRuntime } from '../index.js';

describe.each(['cpu', 'wasm'] as const)('tf.layers on %s', (runtime) => {
  it('MultiHeadAttention rejects a query batch of 3 with a value batch of 2, naming both inputs', async () => {
    await useRuntime(runtime);
    const query = tf.input({ shape: [5, 8] });
    const value = tf.input({ shape: [7, 8] });
    const out = tfl.multiHeadAttention({ numHeads: 2, keyDim: 4 }).apply([query, value]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [query, value], outputs: out });
    const q = tf.ones([3, 5, 8]);
    const v = tf.ones([2, 7, 8]);
    expect(() => model.apply([q, v])).toThrow("input 'value' dim 0 ('batch') is 2, but input 'query' dim 0 bound 'batch' to 3");
    const ok = model.apply([q, tf.ones([3, 7, 8])]) as tf.Tensor;
    expect(ok.shape).toEqual([3, 5, 8]);
    tf.dispose([q, v, ok]);
    model.layers.forEach((l) => l.dispose());
  });
});
