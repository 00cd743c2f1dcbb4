/**
 * Every golden case (src/goldens/*.json: numpy float64 values of docs/layers.md; regenerate with
 * `python3 packages/testing/goldens/make_goldens.py` and `make_recurrent_goldens.py`) rebuilt with
 * `layerFromJSON`, its weight layout and outputs checked against the case, then run on every registered
 * backend and compared with the case's values.
 *
 * Tolerance: |actual - expected| <= GOLDEN_RTOL * max(1, |expected|), GOLDEN_RTOL = 1e-5. The reference
 * engine computes in float64 and meets this with room to spare (its rounding to float32 alone is 6e-8).
 * The float32 runtimes round every op (unit roundoff u = 2^-24 = 6e-8), so errors accumulate over a graph:
 * a projection's dot product of K terms adds up to ~K * u, a softmax's exp turns an absolute logit error
 * into a relative weight error, and a recurrent layer feeds each step's rounding into the next (up to 5
 * steps here, through LSTM/GRU gates). The largest scaled error is printed after each backend's cases;
 * 1e-5 (~170 u) leaves room for other summation orders (SIMD, threads) while any wrong formula shows up as
 * 1e-3 or more. The scale max(1, |expected|) makes the check absolute for values below 1 (attention
 * weights near 0, whose relative error means nothing) and relative for large ones. The float32 runtimes
 * get a wider bound on FLOAT32_ILL_CONDITIONED (see golden-data.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { layerFromJSON, type HostTensor, type LayerJSON } from '@layerspec/spec';
import {
  FLOAT32_ILL_CONDITIONED,
  GOLDEN_RTOL,
  goldenFiles,
  readGoldenCases,
  runGoldenCase,
  type GoldenCase,
  type GoldenOutput,
} from './golden-data.js';
import { TARGETS, refBackend, type Target } from './targets.js';

const goldens = goldenFiles().map((file) => ({ file, cases: readGoldenCases(file) }));

/** The largest scaled error of `actual`; throws at the first NaN, infinity or out-of-tolerance entry. */
function scaledError(label: string, actual: HostTensor | undefined, expected: GoldenOutput, rtol: number): number {
  expect(actual, `${label}: missing`).toBeDefined();
  expect(actual!.dtype, `${label}: dtype`).toBe('float32');
  expect(actual!.shape, `${label}: shape`).toEqual(expected.shape);
  expect(actual!.data.length, `${label}: size`).toBe(expected.data.length);
  let worst = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual!.data[i]!;
    const e = expected.data[i]!;
    if (!Number.isFinite(a)) throw new Error(`${label}[${i}]: non-finite value ${a} (expected ${e})`);
    const err = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(err <= rtol)) throw new Error(`${label}[${i}]: actual ${a}, expected ${e} (scaled error ${err.toExponential(3)})`);
    worst = Math.max(worst, err);
  }
  return worst;
}

const build = (c: GoldenCase) => layerFromJSON({ className: c.layer, config: c.config }).build(c.inputTypes, c.buildOptions);

describe('the golden cases', () => {
  it('are in the attention, normalization and recurrent files, each with cases', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(8);
    expect(goldenFiles((f) => f.startsWith('recurrent_'))).toEqual([
      'recurrent_attention_wrapper.json',
      'recurrent_cells.json',
      'recurrent_rnn.json',
    ]);
    for (const g of goldens) expect(g.cases.length, g.file).toBeGreaterThan(0);
  });

  it('name every FLOAT32_ILL_CONDITIONED entry (a renamed case must not leave a stale bound)', () => {
    const names = goldens.flatMap((g) => g.cases.map((c) => c.name));
    for (const name of Object.keys(FLOAT32_ILL_CONDITIONED)) expect(names).toContain(name);
  });

  describe.each(goldens)('$file', ({ cases }) => {
    it.each(cases.map((c) => ({ c, name: c.name })))('$name: the layer, its weight layout and outputs', ({ c }) => {
      const layer = layerFromJSON({ className: c.layer, config: c.config });
      expect(layer.className).toBe(c.layer);
      // A nested cell's { className, config } survives the round trip.
      const cellJSON = c.config['cell'] as LayerJSON | undefined;
      if (cellJSON) expect(layer.toJSON().config['cell']).toMatchObject(cellJSON);
      const graph = build(c);
      // The weight layout of docs/layers.md: names, order and shapes, exactly.
      expect(graph.params.map((p) => ({ name: p.name, shape: p.type.shape }))).toEqual(
        Object.entries(c.weights).map(([name, t]) => ({ name, shape: t.shape })),
      );
      for (const p of graph.params) expect(p.type.dtype, `param ${p.name}`).toBe('float32');
      // Exactly the expected outputs, no more, no fewer.
      expect(graph.outputs.map((o) => o.name).sort()).toEqual(Object.keys(c.expected).sort());
    });
  });
});

describe.each(TARGETS)('$label matches the goldens', (target: Target) => {
  const float64 = target.backend === refBackend;
  let worst = { error: 0, at: '' };
  let count = 0;

  afterAll(() => {
    const outside = float64 ? '' : ' outside FLOAT32_ILL_CONDITIONED';
    console.log(`${target.label}: ${count} golden cases, largest scaled error${outside} ${worst.error.toExponential(3)} (${worst.at})`);
  });

  describe.each(goldens)('$file', ({ cases }) => {
    it.each(cases.map((c) => ({ c, name: c.name })))('$name', async ({ c }) => {
      const out = await runGoldenCase(target, build(c), c);
      const wider = float64 ? undefined : FLOAT32_ILL_CONDITIONED[c.name];
      for (const [name, e] of Object.entries(c.expected)) {
        const err = scaledError(`${c.name} / ${name}`, out[name], e, wider ?? GOLDEN_RTOL);
        if (wider === undefined && err > worst.error) worst = { error: err, at: `${c.name} / ${name}` };
      }
      count++;
    });
  });
});
