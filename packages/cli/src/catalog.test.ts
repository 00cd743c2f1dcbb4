import { initWeights } from '@layerspec/spec';
import { backend } from '@layerspec/backend-ref';
import { describe, expect, it } from 'vitest';
import { DEMOS, demoInputs } from './catalog.js';

describe('the tour catalog', () => {
  it.each(DEMOS.map((d) => [d.title, d] as const))('%s builds and runs on ref with finite outputs of the declared shapes', async (_title, demo) => {
    const graph = demo.build();
    const compiled = await backend.compile(graph);
    const outputs = await compiled.run(demoInputs(graph, demo.sizes), initWeights(graph, { seed: 1 }));
    for (const o of graph.outputs) {
      const t = outputs[o.name]!;
      expect(t.shape).toEqual(o.type.shape.map((d) => (typeof d === 'number' ? d : demo.sizes[d])));
      expect(Array.from(t.data).every(Number.isFinite)).toBe(true);
    }
    compiled.dispose();
  });

  it('covers every layer class', () => {
    const names = new Set(DEMOS.map((d) => d.build().name));
    expect([...names].sort()).toEqual(
      [
        'AttentionWrapper', 'LSTMCell', 'LayerNormalization', 'MultiHeadAttention', 'RMSNormalization', 'RNN',
        'ScaledDotProductAttention', 'SequenceAttention',
      ],
    );
  });
});
