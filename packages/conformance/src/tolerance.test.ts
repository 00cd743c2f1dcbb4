/** The tolerance's kappa terms follow the case's own values: tight where float32 is exact, loose only where it is not. */
import { describe, expect, it } from 'vitest';
import { getBackend, type HostTensor } from '@layerspec/spec';
import { CaseBuilder } from './arbitraries/index.js';
import { RTOL, compareOutputs, normalizationCondition } from './compare.js';
import { referenceRun } from './reference-run.js';
import { graphOf, weightsOf } from './runner.js';
import { logitMatMuls } from './softmax-sensitivity.js';

const scaled = (t: HostTensor, f: number): HostTensor => ({ ...t, data: t.data.map((v) => v * f) });

describe('the softmax term of kappa', () => {
  it('finds the logit MatMul, and the instrumented reference equals the plain one bit for bit', async () => {
    const b = new CaseBuilder(5);
    b.float('query', [1, 3, 4], 10);
    b.float('key', [1, 4, 4], 10);
    b.float('value', [1, 4, 2]);
    const c = b.finish('ScaledDotProductAttention', { softcap: 5 }, { returnAttentionScores: true }, 1, {});
    const graph = graphOf(c);
    expect(logitMatMuls(graph)).toHaveLength(1);
    const plain = await (await getBackend('ref').compile(graph)).run(c.inputs, {});
    const { reference, kappa } = await referenceRun(graph, c.inputs, {}, 1, c);
    expect(reference).toEqual(plain);
    expect(kappa).toBeGreaterThan(1);
  });

  it('is ~1 for a saturated softmax however large the logits, and grows where the weights are split', async () => {
    const b = new CaseBuilder(1);
    b.add('query', { dtype: 'float32', shape: [1, 1, 2], data: new Float32Array([100, 100]) });
    b.add('key', { dtype: 'float32', shape: [1, 2, 2], data: new Float32Array([100, 100, -100, -100]) });
    b.float('value', [1, 2, 3]);
    const saturated = b.finish('ScaledDotProductAttention', {}, {}, 1, {});
    expect((await referenceRun(graphOf(saturated), saturated.inputs, {}, 1, saturated)).kappa).toBeLessThan(1.001);
    // equal logits of size 1.4e4: the weights are 1/2 each and a logit error of 16 u * 2e4 moves them
    const split = {
      ...saturated,
      inputs: { ...saturated.inputs, key: { ...saturated.inputs['key']!, data: new Float32Array([100, 100, 100, 100]) } },
    };
    const { kappa } = await referenceRun(graphOf(split), split.inputs, {}, 1, split);
    expect(kappa).toBeGreaterThan(10);
    expect(kappa).toBeLessThan(1000);
  });
});

describe('the normalization term of kappa', () => {
  it('is 1 for groups of one element (x - mean is exactly 0 there), so a dropped beta shows', async () => {
    const b = new CaseBuilder(3);
    b.float('input', [4, 1], 100);
    const c = b.finish('LayerNormalization', { epsilon: 1e-5 }, {}, 9, {});
    expect(normalizationCondition(c)).toBe(1);
    const graph = graphOf(c);
    const weights = weightsOf(graph, c.weightSeed);
    const { reference, kappa } = await referenceRun(graph, c.inputs, weights, 9, c);
    const betaDropped = { output: scaled(reference['output']!, 0) };
    expect(compareOutputs(reference, betaDropped, kappa).error).toBeGreaterThan(100 * RTOL);
  });

  it('grows with the mean over the spread, with the unit roundoff in front', () => {
    const b = new CaseBuilder(3);
    b.add('input', { dtype: 'float32', shape: [1, 2], data: new Float32Array([1000, 1000.01]) });
    const c = b.finish('LayerNormalization', { epsilon: 1e-5 }, {}, 9, {});
    // 4 * 3 * u * 1000 / (0.005 * 1e-4) ~ 1.4e3
    expect(normalizationCondition(c)).toBeGreaterThan(1000);
    expect(normalizationCondition(c)).toBeLessThan(2000);
  });
});
