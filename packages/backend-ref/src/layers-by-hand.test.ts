/**
 * Layers on the reference engine against values computed by hand (each case shows its arithmetic). The
 * numpy golden cases run on every backend in the private @layerspec/testing package.
 */
import { describe, expect, it } from 'vitest';
import {
  LayerNormalization,
  RMSNormalization,
  ScaledDotProductAttention,
  SequenceAttention,
  tensor,
  type HostTensor,
  type TensorType,
} from '@layerspec/spec';
import { runGraph } from './testing/run-graph.js';

describe('hand-computed cases', () => {
  const f = (shape: (number | string)[]): TensorType => ({ dtype: 'float32', shape });
  const close = (actual: HostTensor, expected: number[], tol = 1e-6) => {
    expect(actual.data.length).toBe(expected.length);
    expected.forEach((e, i) => expect(Math.abs(actual.data[i]! - e), `index ${i}: ${actual.data[i]} vs ${e}`).toBeLessThanOrEqual(tol));
  };

  it('SDPA: keys 0 and ln 3 give weights 1/4, 3/4', async () => {
    // Tq = 1, Tk = 2, dk = 1, default scale 1/sqrt(1) = 1.
    // logits = [1*0, 1*ln 3] = [0, ln 3]; softmax = [1, 3] / (1 + 3) = [1/4, 3/4].
    // values [[2], [6]]: output = 2/4 + 6*3/4 = 0.5 + 4.5 = 5.
    const layer = new ScaledDotProductAttention({ causal: false });
    const g = layer.build({ query: f([1, 1, 1]), key: f([1, 2, 1]), value: f([1, 2, 1]) }, { returnAttentionScores: true });
    const out = await runGraph(
      g,
      { query: tensor([1], [1, 1, 1]), key: tensor([0, Math.log(3)], [1, 2, 1]), value: tensor([2, 6], [1, 2, 1]) },
      {},
    );
    close(out['attention_scores']!, [0.25, 0.75]);
    close(out['output']!, [5]);
  });

  it('SDPA: a fully masked row gives zeros; causal lowerRight shifts the diagonal', async () => {
    // Tq = 2, Tk = 3, lowerRight: query i sees keys j <= i + 1. Mask forbids key 0 and key 1 for row 0,
    // so row 0 (which could see keys 0, 1) has no allowed key: weights [0,0,0], output 0.
    // Row 1 sees keys 0..2, mask (Tk,) broadcast = [false, false, true] leaves key 2 only: output = v[2] = 7.
    const layer = new ScaledDotProductAttention({ causal: 'lowerRight' });
    const g = layer.build(
      { query: f([1, 2, 1]), key: f([1, 3, 1]), value: f([1, 3, 1]), attention_mask: { dtype: 'bool', shape: [3] } },
      { returnAttentionScores: true },
    );
    const out = await runGraph(
      g,
      {
        query: tensor([1, 1], [1, 2, 1]),
        key: tensor([1, 2, 3], [1, 3, 1]),
        value: tensor([3, 5, 7], [1, 3, 1]),
        attention_mask: tensor([0, 0, 1], [3], 'bool'),
      },
      {},
    );
    close(out['attention_scores']!, [0, 0, 0, 0, 0, 1]);
    close(out['output']!, [0, 7]);
  });

  it('LayerNorm of [1, 2, 3] is [-sqrt(1.5), 0, sqrt(1.5)] (times gamma, plus beta)', async () => {
    // mean = 2, population var = (1 + 0 + 1) / 3 = 2/3, so (x - mean) / sqrt(var) = [-1, 0, 1] * sqrt(3/2).
    // epsilon = 1e-12 changes sqrt(2/3 + 1e-12) by a relative 7.5e-13: invisible at float32.
    // gamma = [2, 2, 2], beta = [1, 1, 1]: [1 - 2 sqrt(1.5), 1, 1 + 2 sqrt(1.5)].
    const layer = new LayerNormalization({ axis: -1, epsilon: 1e-12 });
    const g = layer.build({ input: f([1, 3]) });
    const s = Math.sqrt(1.5);
    const out = await runGraph(g, { input: tensor([1, 2, 3], [1, 3]) }, { gamma: tensor([1, 1, 1]), beta: tensor([0, 0, 0]) });
    close(out['output']!, [-s, 0, s]);
    const out2 = await runGraph(g, { input: tensor([1, 2, 3], [1, 3]) }, { gamma: tensor([2, 2, 2]), beta: tensor([1, 1, 1]) });
    close(out2['output']!, [1 - 2 * s, 1, 1 + 2 * s]);
  });

  it('RMSNorm of [3, 4] is [0.6, 0.8] * sqrt(2)', async () => {
    // mean(x^2) = (9 + 16) / 2 = 12.5 = 25 / 2, sqrt = 5 / sqrt(2), so y = [3, 4] * sqrt(2) / 5.
    const layer = new RMSNormalization({ axis: -1, epsilon: 1e-12, scale: false });
    const g = layer.build({ input: f([1, 2]) });
    const out = await runGraph(g, { input: tensor([3, 4], [1, 2]) }, {});
    close(out['output']!, [0.6 * Math.SQRT2, 0.8 * Math.SQRT2]);
  });

  it('SequenceAttention dot: query_mask zeroes the row, value_mask drops a key', async () => {
    // query [[1], [1]], value = key = [[0], [ln 3], [100]], value_mask [1, 1, 0]:
    // scores [0, ln 3] over the two kept keys -> alpha [1/4, 3/4, 0], context = 3/4 * ln 3.
    // query_mask [1, 0]: row 1 output is 0 (its alpha stays the softmax weights).
    const layer = new SequenceAttention({ score: 'dot' });
    const g = layer.build(
      {
        query: f([1, 2, 1]),
        value: f([1, 3, 1]),
        value_mask: { dtype: 'bool', shape: [1, 3] },
        query_mask: { dtype: 'bool', shape: [1, 2] },
      },
      { returnAttentionScores: true },
    );
    const out = await runGraph(
      g,
      {
        query: tensor([1, 1], [1, 2, 1]),
        value: tensor([0, Math.log(3), 100], [1, 3, 1]),
        value_mask: tensor([1, 1, 0], [1, 3], 'bool'),
        query_mask: tensor([1, 0], [1, 2], 'bool'),
      },
      {},
    );
    close(out['output']!, [0.75 * Math.log(3), 0]);
    close(out['attention_scores']!, [0.25, 0.75, 0, 0.25, 0.75, 0]);
  });
});
