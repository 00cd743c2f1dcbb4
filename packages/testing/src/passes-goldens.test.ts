/**
 * Every graph pass leaves every golden case's results unchanged on the reference engine: each layer's
 * plain graph (passes off) against the graph after each pass alone and after all of them.
 */
import { describe, expect, it } from 'vitest';
import { PASS_NAMES, layerFromJSON, optimizeGraph, type Graph, type HostTensor, type PassSelection } from '@layerspec/spec';
import { goldenFiles, readGoldenCases, toHostMap, type GoldenCase } from './golden-data.js';
import { refBackend as backend } from './targets.js';

/** |a - b| <= TOLERANCE * max(1, |a|): the passes reorder float64 products by a scalar, nothing more. */
const TOLERANCE = 1e-12;
/** exact-trig replaces sin and cos by float32 polynomials (within 2e-7 of them): held to float32 accuracy instead. */
const TRIG_TOLERANCE = 1e-6;

async function run(graph: Graph, c: GoldenCase, passes: PassSelection): Promise<Record<string, HostTensor>> {
  const compiled = await backend.compile(graph, { passes });
  try {
    return await compiled.run(toHostMap(c.inputs), toHostMap(c.weights));
  } finally {
    compiled.dispose();
  }
}

function largestDifference(a: Record<string, HostTensor>, b: Record<string, HostTensor>): number {
  let worst = 0;
  for (const [name, t] of Object.entries(a)) {
    const u = b[name]!;
    expect(u.shape, name).toEqual(t.shape);
    t.data.forEach((x, i) => {
      const d = Math.abs(x - u.data[i]!) / Math.max(1, Math.abs(x));
      worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
    });
  }
  return worst;
}

const selections: { label: string; passes: PassSelection; tolerance: number }[] = [
  ...PASS_NAMES.map((name) => ({ label: name, passes: [name], tolerance: name === 'exact-trig' ? TRIG_TOLERANCE : TOLERANCE })),
  { label: 'default passes', passes: true, tolerance: TOLERANCE },
  { label: 'all passes', passes: PASS_NAMES, tolerance: TRIG_TOLERANCE },
];

describe('graph passes keep every golden case', () => {
  const fired = new Map<string, number>(selections.map((s) => [s.label, 0]));
  for (const file of goldenFiles()) {
    for (const c of readGoldenCases(file)) {
      it(`${file}: ${c.name}`, async () => {
        const graph = layerFromJSON({ className: c.layer, config: c.config }).build(c.inputTypes, c.buildOptions);
        const plain = await run(graph, c, false);
        for (const s of selections) {
          if (optimizeGraph(graph, { passes: s.passes }) !== graph) fired.set(s.label, fired.get(s.label)! + 1);
          const diff = largestDifference(plain, await run(graph, c, s.passes));
          expect(diff, `${s.label}: largest scaled difference`).toBeLessThanOrEqual(s.tolerance);
        }
      });
    }
  }

  // No golden layer computes sin or cos (exact-trig.test.ts holds that pass to them and to the reference engine).
  it('every pass but exact-trig fires on some golden case', () => {
    for (const [label, count] of fired) if (label !== 'exact-trig') expect(count, label).toBeGreaterThan(0);
  });
});
