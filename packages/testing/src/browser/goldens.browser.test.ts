/**
 * Every golden case (../goldens/*.json) on every browser target, held to the bound of the Node suite
 * (../goldens.test.ts): |actual - expected| <= GOLDEN_RTOL * max(1, |expected|), FLOAT32_ILL_CONDITIONED
 * cases to their wider bound on the float32 runtimes. The largest scaled error of each target is printed.
 * SwiftShader is slow and an onnxruntime session costs ~0.1 s, so the targets but ref, tfjs-cpu and tfjs-wasm
 * run GOLDENS_PER_FILE cases of each file (and every known failure and REGRESSIONS case); KNOWN_GOLDEN_FAILURES must still fail.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { layerFromJSON } from '@layerspec/spec';
import { FLOAT32_ILL_CONDITIONED, GOLDEN_RTOL, goldenFiles, readGoldenCases, runGoldenCase, type GoldenCase } from '../golden-data.js';
import type { Target } from '../targets.js';
import { KNOWN_GOLDEN_FAILURES, knownFailure } from './known-failures.js';
import { BROWSER_TARGETS, refBackend } from './targets.js';

const byFile = goldenFiles().map((file) => readGoldenCases(file));
const cases = byFile.flat();
const GOLDENS_PER_FILE = 3;
const FAST = new Set(['ref', 'tfjs-cpu', 'tfjs-wasm']);
/** Cases a browser runtime once failed (onnxruntime-web's WebGPU LayerNormalization): run on every target. */
const REGRESSIONS = /^layernorm large offset$/;

function casesFor(label: string): GoldenCase[] {
  if (FAST.has(label)) return cases;
  return byFile.flatMap((file) =>
    file.filter((c, i) => i < GOLDENS_PER_FILE || REGRESSIONS.test(c.name) || knownFailure(KNOWN_GOLDEN_FAILURES, label, c.name)),
  );
}
const build = (c: GoldenCase) => layerFromJSON({ className: c.layer, config: c.config }).build(c.inputTypes, c.buildOptions);

it('reads every golden file in the page', () => {
  expect(goldenFiles().length).toBeGreaterThanOrEqual(8);
  expect(cases.length).toBeGreaterThan(20);
});

describe.each(BROWSER_TARGETS)('$label matches the goldens', (target: Target) => {
  const float64 = target.backend === refBackend;
  let worst = { error: 0, at: '' };

  const mine = casesFor(target.label);
  afterAll(() =>
    console.log(`${target.label}: ${mine.length} golden cases, largest scaled error ${worst.error.toExponential(3)} (${worst.at})`),
  );

  const entries = mine.map((c) => ({ c, name: c.name, known: knownFailure(KNOWN_GOLDEN_FAILURES, target.label, c.name) }));
  const passing = entries.filter((e) => !e.known);
  const failing = entries.filter((e) => e.known);
  it.each(passing)('$name', ({ c }) => check(c));
  if (failing.length) it.fails.each(failing)('$name (a known runtime failure, see known-failures.ts)', ({ c }) => check(c));

  async function check(c: GoldenCase): Promise<void> {
    const out = await runGoldenCase(target, build(c), c);
    const rtol = (float64 ? undefined : FLOAT32_ILL_CONDITIONED[c.name]) ?? GOLDEN_RTOL;
    for (const [name, e] of Object.entries(c.expected)) {
      const a = out[name];
      expect(a?.shape, `${c.name} / ${name}: shape`).toEqual(e.shape);
      const bad: string[] = [];
      e.data.forEach((v, i) => {
        const err = Math.abs(a!.data[i]! - v) / Math.max(1, Math.abs(v));
        if (!(err <= rtol)) bad.push(`[${i}] ${a!.data[i]}, expected ${v} (scaled error ${err.toExponential(3)})`);
        else if (rtol === GOLDEN_RTOL && err > worst.error) worst = { error: err, at: `${c.name} / ${name}` };
      });
      expect(bad.slice(0, 5), `${c.name} / ${name}: ${bad.length} of ${e.data.length} outside ${rtol}`).toEqual([]);
    }
  }
});
