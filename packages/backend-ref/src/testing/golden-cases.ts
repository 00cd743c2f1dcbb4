/**
 * The golden-case runner shared by goldens.test.ts and recurrent-goldens.test.ts: each case of
 * src/goldens/*.json (written by goldens/make_*goldens.py) is rebuilt with `layerFromJSON`, its weight
 * layout and output names checked, run on the reference engine, and compared with the numpy values.
 * Test-only: tsconfig.build.json leaves it out of dist.
 */
import { describe, expect, it } from 'vitest';
import { layerFromJSON, type Graph, type HostTensor, type LayerJSON } from '@layerspec/spec';
import { GOLDEN_RTOL, readGoldenCases, toHostMap, type GoldenCase, type GoldenOutput } from './golden-data.js';

export { goldenFiles } from './golden-data.js';
import { backend } from '../index.js';

/** Largest error relative to max(1, |expected|); throws with the first offending index. */
function compare(label: string, actual: HostTensor, expected: GoldenOutput): number {
  expect(actual.shape, `${label}: shape`).toEqual(expected.shape);
  expect(actual.data.length, `${label}: size`).toBe(expected.data.length);
  let worst = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (!Number.isFinite(a)) throw new Error(`${label}[${i}]: non-finite value ${a} (expected ${e})`);
    const err = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(err <= GOLDEN_RTOL)) throw new Error(`${label}[${i}]: actual ${a}, expected ${e} (scaled error ${err.toExponential(3)})`);
    worst = Math.max(worst, err);
  }
  return worst;
}

/** Throws on the first NaN in any output. */
export function expectNoNaN(label: string, out: Record<string, HostTensor>): void {
  for (const [name, t] of Object.entries(out)) {
    for (let i = 0; i < t.data.length; i++) {
      if (Number.isNaN(t.data[i]!)) throw new Error(`${label}: NaN in output '${name}' at ${i}`);
    }
  }
}

/** Compiles `graph` on the reference engine, runs it once and disposes of it. */
export async function runGraph(
  graph: Graph,
  inputs: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
): Promise<Record<string, HostTensor>> {
  const compiled = await backend.compile(graph);
  try {
    return await compiled.run(inputs, weights);
  } finally {
    compiled.dispose();
  }
}

/** Runs one golden case and checks it; returns its largest scaled error. */
async function checkGoldenCase(c: GoldenCase): Promise<number> {
  const layer = layerFromJSON({ className: c.layer, config: c.config });
  expect(layer.className).toBe(c.layer);
  // A nested cell's { className, config } survives the round trip.
  const cellJSON = c.config['cell'] as LayerJSON | undefined;
  if (cellJSON) expect(layer.toJSON().config['cell']).toMatchObject(cellJSON);
  const graph = layer.build(c.inputTypes, c.buildOptions);

  // The weight layout of LAYERS.md: names, order and shapes, exactly.
  expect(graph.params.map((p) => ({ name: p.name, shape: p.type.shape }))).toEqual(
    Object.entries(c.weights).map(([name, t]) => ({ name, shape: t.shape })),
  );
  for (const p of graph.params) expect(p.type.dtype, `param ${p.name}`).toBe('float32');

  // Exactly the expected outputs, no more, no fewer.
  expect(graph.outputs.map((o) => o.name).sort()).toEqual(Object.keys(c.expected).sort());

  const out = await runGraph(graph, toHostMap(c.inputs), toHostMap(c.weights));
  expectNoNaN(c.name, out);
  let worst = 0;
  for (const [name, exp] of Object.entries(c.expected)) {
    const actual = out[name];
    expect(actual, `output '${name}'`).toBeDefined();
    worst = Math.max(worst, compare(`${c.name} / ${name}`, actual!, exp));
  }
  return worst;
}

/**
 * A `describe` per golden file and an `it` per case, then one test that reports the largest scaled
 * error over all of them under `label`. Call inside the caller's `describe`.
 */
export function describeGoldenFiles(label: string, files: readonly string[]): void {
  let maxError = 0;
  let caseCount = 0;
  for (const file of files) {
    const cases = readGoldenCases(file);
    describe(file, () => {
      it('has cases', () => expect(cases.length).toBeGreaterThan(0));
      for (const c of cases) {
        it(c.name, async () => {
          maxError = Math.max(maxError, await checkGoldenCase(c));
          caseCount++;
        });
      }
    });
  }

  it('reports the largest scaled error', () => {
    console.log(`${label}: ${caseCount} cases, largest |actual - expected| / max(1, |expected|) = ${maxError.toExponential(3)}`);
    expect(maxError).toBeLessThanOrEqual(GOLDEN_RTOL);
  });
}
