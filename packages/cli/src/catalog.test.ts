import { LAYER_NAMES, initWeights } from '@layerspec/spec';
import { backend } from '@layerspec/backend-ref';
import { describe, expect, it } from 'vitest';
import { DEMOS, DEMOS_BY_LAYER, demoInputs } from './catalog.js';

describe('the tour catalog', () => {
  it.each(DEMOS.map((d) => [d.title, d] as const))(
    '%s builds and runs on ref with finite outputs of the declared shapes',
    async (_title, demo) => {
      const graph = demo.build();
      const compiled = await backend.compile(graph);
      const outputs = await compiled.run(demoInputs(graph, demo.sizes), initWeights(graph, { seed: 1 }));
      for (const o of graph.outputs) {
        const t = outputs[o.name]!;
        expect(t.shape).toEqual(o.type.shape.map((d) => (typeof d === 'number' ? d : demo.sizes[d])));
        expect(Array.from(t.data).every(Number.isFinite)).toBe(true);
      }
      compiled.dispose();
    },
  );

  it.each(LAYER_NAMES)('every demo listed under %s builds that layer', (name) => {
    for (const demo of DEMOS_BY_LAYER[name]) expect(demo.build().name).toBe(name);
  });

  it('covers every layer of the table, in its order', () => {
    expect([...new Set(DEMOS.map((d) => d.build().name))]).toEqual(LAYER_NAMES);
  });
});

const { GRUCell: _demos, ...demosWithoutOne } = DEMOS_BY_LAYER;
// @ts-expect-error a demo table without GRUCell does not type-check (`npm test` runs `tsc --noEmit`)
const missingDemos: typeof DEMOS_BY_LAYER = demosWithoutOne;

describe('the demo table', () => {
  it('has exactly the layers of the layer table', () => {
    expect(Object.keys(DEMOS_BY_LAYER).sort()).toEqual([...LAYER_NAMES].sort());
    expect(Object.keys(missingDemos)).not.toContain('GRUCell');
  });
});
