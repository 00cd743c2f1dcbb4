/**
 * Every golden case of the reference engine (packages/backend-ref/src/goldens/*.json: numpy float64
 * values, see backend-ref/goldens/make_*goldens.py) rebuilt with `layerFromJSON` and run on the tfjs
 * lowering, on both the 'cpu' and the 'wasm' TensorFlow.js backends, compared with the case's expected
 * values.
 *
 * Tolerance: |actual - expected| <= GOLDEN_RTOL * max(1, |expected|), GOLDEN_RTOL = 1e-5. The reference
 * engine computes in float64 and meets this with room to spare (its rounding to float32 alone is 6e-8);
 * tfjs computes every op in float32 (unit roundoff u = 2^-24 = 6e-8), so errors accumulate over a graph:
 * a projection's dot product of K terms adds up to ~K * u, a softmax's exp turns an absolute logit error
 * into a relative weight error, and a recurrent layer feeds each step's rounding into the next (up to 5
 * steps here, through LSTM/GRU gates). The largest scaled error measured is below 5e-7 on both backends
 * (printed after each backend's cases), so 1e-5 (~170 u) leaves 20x headroom for other summation orders
 * (SIMD, threads) while any wrong formula shows up as 1e-3 or more. The scale max(1, |expected|) makes
 * the check absolute for values below 1 (attention weights near 0, whose relative error means nothing)
 * and relative for large ones.
 *
 * One case is ill-conditioned in float32 and gets its own bound (ILL_CONDITIONED): 'layernorm large
 * offset' normalizes rows of values near 1000 whose standard deviations are 0.45 to 1.15. The row mean
 * is known in float32 only to ulp(1000) / 2 = 3e-5 even when correctly rounded, and dividing the centered
 * values by the std and scaling by gamma (up to 2) turns that into an output error of ~1e-4: a float32
 * graph with a correctly rounded mean is off by 5.8e-5, one with a left-to-right float32 sum by 1.6e-4
 * (tfjs: 1.4e-4). That is the float32 format, not the lowering (the layer's two-pass variance is what
 * keeps it this small; E[x^2] - E[x]^2 would lose every digit).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { layerFromJSON, type Backend, type HostTensor } from '@layerspec/spec';
import { cpuBackend, wasmBackend } from './index.js';
import {
  FLOAT32_ILL_CONDITIONED, GOLDEN_RTOL, goldenFiles, readGoldenCases, toHostMap,
} from '../../backend-ref/src/testing/golden-data.js';

const goldens = goldenFiles().map((file) => ({ file, cases: readGoldenCases(file) }));
/** Cases whose float32 conditioning needs a wider bound, with the bound (see above). */
const ILL_CONDITIONED = FLOAT32_ILL_CONDITIONED;

/** The largest scaled error of `actual` against `expected`; throws at the first NaN or out-of-tolerance entry. */
function scaledError(label: string, actual: HostTensor, expected: { shape: number[]; data: number[] }, rtol: number): number {
  expect(actual.dtype, `${label}: dtype`).toBe('float32');
  expect(actual.shape, `${label}: shape`).toEqual(expected.shape);
  expect(actual.data.length, `${label}: size`).toBe(expected.data.length);
  let worst = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (Number.isNaN(a)) throw new Error(`${label}[${i}]: NaN (expected ${e})`);
    const err = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(err <= rtol)) throw new Error(`${label}[${i}]: actual ${a}, expected ${e} (scaled error ${err.toExponential(3)})`);
    worst = Math.max(worst, err);
  }
  return worst;
}

it('finds the golden files', () => {
  expect(goldens.length).toBeGreaterThanOrEqual(8);
  for (const g of goldens) expect(g.cases.length, g.file).toBeGreaterThan(0);
  // A renamed golden case must not leave a stale, silently unused wider bound behind.
  const names = goldens.flatMap((g) => g.cases.map((c) => c.name));
  for (const name of Object.keys(ILL_CONDITIONED)) expect(names, 'ILL_CONDITIONED names a golden case').toContain(name);
});

describe.each([cpuBackend, wasmBackend])('$name matches the goldens', (be: Backend) => {
  let worst = { error: 0, at: '' };
  let count = 0;

  afterAll(() => {
    console.log(`${be.name}: ${count} golden cases, largest scaled error outside ILL_CONDITIONED ${worst.error.toExponential(3)} (${worst.at})`);
  });

  describe.each(goldens)('$file', ({ cases }) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const layer = layerFromJSON({ className: c.layer, config: c.config });
      const graph = layer.build(c.inputTypes, c.buildOptions);
      expect(graph.outputs.map((o) => o.name).sort()).toEqual(Object.keys(c.expected).sort());
      const compiled = await be.compile(graph);
      let out: Record<string, HostTensor>;
      try {
        out = await compiled.run(toHostMap(c.inputs), toHostMap(c.weights));
      } finally {
        compiled.dispose();
      }
      for (const [name, exp] of Object.entries(c.expected)) {
        const actual = out[name];
        expect(actual, `output '${name}'`).toBeDefined();
        const rtol = ILL_CONDITIONED[c.name];
        const err = scaledError(`${c.name} / ${name}`, actual!, exp, rtol ?? GOLDEN_RTOL);
        if (rtol === undefined && err > worst.error) worst = { error: err, at: `${c.name} / ${name}` };
      }
      count++;
    });
  });
});
