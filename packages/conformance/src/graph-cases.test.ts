/** Conformance of any graph: a serialized graph with symbolic dims, int ids, bool masks and its own weights. */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, MultiHeadAttention, graphFromJSON, graphToJSON, registerBackend, type Graph } from '@layerspec/spec';
import '@layerspec/backend-tfjs';
import { GRADIENT_MATCHES_REF, MATCHES_REF, runConformance } from './runner.js';
import { FAULTS, faultBackend } from './faults/catalogue.js';
import { graphCaseArb, symbolicDims } from './graph-cases.js';
import fc from 'fast-check';

/** An embedding lookup (int32 ids) with padded positions zeroed (bool mask), over symbolic batch and seq. */
function maskedEmbedding(): Graph {
  const b = new GraphBuilder('masked_embedding');
  const ids = b.input('ids', { dtype: 'int32', shape: ['batch', 'seq'] });
  const mask = b.input('mask', { dtype: 'bool', shape: ['batch', 'seq'] });
  const table = b.param('embedding', { dtype: 'float32', shape: [7, 4] }, 'glorotUniform');
  const x = b.op1('Gather', [table, ids], { axis: 0 });
  b.output('embedded', b.op1('Where', [b.op1('Unsqueeze', [mask], { axes: [2] }), x, b.scalar(0)]));
  return b.build();
}

describe('runConformance on a graph', () => {
  it('draws sizes for the symbolic dims, ids inside the gathered table and masks', () => {
    const graph = maskedEmbedding();
    expect(symbolicDims(graph).sort()).toEqual(['batch', 'seq']);
    const cases = fc.sample(graphCaseArb({ graph, dims: { batch: [2, 2], seq: [3, 5] } }), { numRuns: 20, seed: 1 });
    for (const c of cases) {
      const ids = c.inputs['ids']!;
      expect(ids.shape[0]).toBe(2);
      expect(ids.shape[1]).toBeGreaterThanOrEqual(3);
      expect(ids.shape[1]).toBeLessThanOrEqual(5);
      expect(Math.min(...ids.data)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...ids.data)).toBeLessThanOrEqual(6);
    }
    expect(new Set(cases.flatMap((c) => [...c.inputs['ids']!.data])).size).toBe(7);
  });

  it('checks it forward and backward on tfjs-cpu (ids and mask are not differentiated)', async () => {
    const results = await runConformance({
      graph: { graph: maskedEmbedding() },
      targets: [{ name: 'tfjs-cpu', backend: 'tfjs-cpu' }],
      runs: 5,
      seed: 2,
    });
    expect(results.map((r) => [r.check, r.passed, r.failure?.message])).toEqual([
      [MATCHES_REF, true, undefined],
      [GRADIENT_MATCHES_REF, true, undefined],
    ]);
  }, 60_000);

  it('passes a serialized MultiHeadAttention graph on tfjs-cpu (forward and gradient) and catches a fault in it', async () => {
    const built = new MultiHeadAttention({ numHeads: 2, keyDim: 3 }).build(
      {
        query: { dtype: 'float32', shape: ['batch', 'seq', 4] },
        value: { dtype: 'float32', shape: ['batch', 'seq', 4] },
        attention_mask: { dtype: 'bool', shape: ['batch', 'seq', 'seq'] },
      },
      { useCausalMask: true },
    );
    const graph = graphFromJSON(JSON.parse(JSON.stringify(graphToJSON(built))));
    const dims = { batch: [1, 2], seq: [1, 6] } as const;
    const ok = await runConformance({ graph: { graph, dims }, targets: [{ name: 'tfjs-cpu', backend: 'tfjs-cpu' }], runs: 8, seed: 3 });
    expect(ok.map((r) => [r.layer, r.check, r.passed])).toEqual([
      ['graph:MultiHeadAttention', MATCHES_REF, true],
      ['graph:MultiHeadAttention', GRADIENT_MATCHES_REF, true],
    ]);
    const fault = faultBackend(FAULTS.find((f) => f.id === 'causal-off-by-one')!, 'ref');
    registerBackend(fault);
    const bad = await runConformance({ graph: { graph, dims }, targets: [{ name: fault.name, backend: fault.name }], runs: 20, seed: 3 });
    expect(bad[0]!.passed).toBe(false);
    console.log(`causal-off-by-one in a user graph: ${bad[0]!.failure?.counterexample}`);
  }, 60_000);

  it('rejects a --dim the graph does not have', async () => {
    await expect(runConformance({ graph: { graph: maskedEmbedding(), dims: { time: [1, 2] } }, targets: [], runs: 1 })).rejects.toThrow(
      /no symbolic dim/,
    );
  });
});
