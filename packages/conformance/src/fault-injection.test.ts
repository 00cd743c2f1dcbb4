/**
 * The suite must catch a wrong backend, and shrink the case to a small one. Two faulty backends wrap
 * the reference engine: 'faulty-softmax' normalizes every Softmax over axis -2 (the query axis) instead
 * of -1; 'faulty-uniform' gives fully masked rows uniform weights (what the large-negative-number trick
 * of Keras and tfjs gives), which the row-sum law must catch.
 */
import { describe, expect, it } from 'vitest';
import { registerBackend, type Backend, type Graph, type GraphNode, type HostTensor } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { MATCHES_REF, runConformance } from './index.js';

const faultySoftmax: Backend = {
  name: 'faulty-softmax',
  compile(graph: Graph, options?: object) {
    const nodes = graph.nodes.map((n): GraphNode => (n.op === 'Softmax' ? { ...n, attrs: { ...n.attrs, axis: -2 } } : n));
    return ref.compile({ ...graph, nodes }, options);
  },
};

function uniformForEmptyRows(w: HostTensor): HostTensor {
  const tk = w.shape[w.shape.length - 1] ?? 1;
  const data = w.data.slice();
  for (let o = 0; o < data.length; o += tk) {
    let s = 0;
    for (let j = 0; j < tk; j++) s += data[o + j]!;
    if (s === 0) for (let j = 0; j < tk; j++) data[o + j] = 1 / tk;
  }
  return { ...w, data };
}

const faultyUniform: Backend = {
  name: 'faulty-uniform',
  async compile(graph: Graph, options?: object) {
    const compiled = await ref.compile(graph, options);
    const uniform = (out: Record<string, HostTensor>): Record<string, HostTensor> => {
      const w = out['attention_scores'];
      return w ? { ...out, attention_scores: uniformForEmptyRows(w) } : out;
    };
    return {
      run: async (inputs, weights) => uniform(await compiled.run(inputs, weights)),
      bind: async (weights) => {
        const bound = await compiled.bind(weights);
        return { run: async (inputs) => uniform(await bound.run(inputs)), dispose: () => bound.dispose() };
      },
      dispose: () => compiled.dispose(),
    };
  },
};

registerBackend(faultySoftmax);
registerBackend(faultyUniform);

interface Recipe {
  tq?: number;
  tk?: number;
  tv?: number;
  numHeads?: number;
  kvHeads?: number;
  groups?: number;
  batch?: number;
}

describe('fault injection', () => {
  it('catches a Softmax over the wrong axis and shrinks the case', async () => {
    const results = await runConformance({
      targets: [{ name: 'faulty-softmax', backend: 'faulty-softmax' }],
      layers: ['ScaledDotProductAttention', 'MultiHeadAttention'],
      runs: 50,
      seed: 7,
    });
    for (const layer of ['ScaledDotProductAttention', 'MultiHeadAttention']) {
      const cell = results.find((r) => r.layer === layer && r.check === MATCHES_REF)!;
      expect(cell.passed).toBe(false);
      const failure = cell.failure!;
      console.log(`${layer}: seed ${failure.seed} path ${failure.path}\n  ${failure.counterexample}\n  ${failure.message}`);
      expect(failure.counterexample.length).toBeLessThan(600);
      const recipe = (JSON.parse(failure.counterexample) as { recipe: Recipe }).recipe;
      expect(Math.max(recipe.tq ?? 0, recipe.tk ?? 0, recipe.tv ?? 0)).toBeLessThanOrEqual(3);
      expect(recipe.numHeads ?? 1).toBeLessThanOrEqual(2);
      expect(recipe.batch ?? 1).toBe(1);
      // replaying seed + path reproduces the failure on the first run
      const replay = await runConformance({
        targets: [{ name: 'faulty-softmax', backend: 'faulty-softmax' }],
        layers: [layer],
        runs: 1,
        seed: failure.seed,
        path: failure.path,
      });
      const again = replay.find((r) => r.check === MATCHES_REF)!;
      expect(again.passed).toBe(false);
      expect(again.failure?.counterexample).toBe(failure.counterexample);
    }
  }, 60_000);

  it('the row-sum law catches uniform weights on fully masked rows', async () => {
    const results = await runConformance({
      targets: [{ name: 'faulty-uniform', backend: 'faulty-uniform' }],
      layers: ['ScaledDotProductAttention'],
      runs: 100,
      seed: 3,
    });
    const law = results.find((r) => r.check.startsWith('weights are >= 0'))!;
    expect(law.passed).toBe(false);
    expect(law.failure?.message).toMatch(/expected 0 \(no key allowed\)/);
    console.log(`row-sum law: ${law.failure?.counterexample}\n  ${law.failure?.message}`);
    // laws that do not look at fully masked rows still pass
    expect(results.find((r) => r.check.startsWith('permuting'))!.passed).toBe(true);
  }, 60_000);
});
