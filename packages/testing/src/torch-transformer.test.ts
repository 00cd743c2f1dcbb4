/**
 * TransformerEncoder against PyTorch's nn.TransformerEncoderLayer (batch_first, post-LN and pre-LN,
 * relu and gelu, key padding): fixtures/torch/transformer_encoder.json, written by
 * fixtures/torch/make_torch_transformer.py (torch 1.13, float64, from float32 inputs and weights; the
 * torch weights mapped to layerspec's names there). Every registered backend, every ONNX opset, to the
 * golden tolerance: |actual - expected| <= 1e-5 * max(1, |expected|).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { layerFromJSON } from '@layerspec/spec';
import { GOLDEN_RTOL, runGoldenCase, type GoldenCase } from './golden-data.js';
import { TARGETS, type Target } from './targets.js';

const cases = JSON.parse(readFileSync(new URL('../fixtures/torch/transformer_encoder.json', import.meta.url), 'utf8')) as GoldenCase[];
const build = (c: GoldenCase) => layerFromJSON({ className: c.layer, config: c.config }).build(c.inputTypes, c.buildOptions);

describe('the PyTorch fixture', () => {
  it('covers post-LN and pre-LN, relu and gelu, with and without key padding', () => {
    const configs = cases.map(
      (c) => `${String(c.config['normalizeFirst'])} ${String(c.config['activation'])} ${'padding_mask' in c.inputs}`,
    );
    expect(new Set(configs).size).toBe(cases.length);
    for (const want of ['false relu', 'true gelu', 'true relu', 'false gelu']) expect(configs.some((c) => c.startsWith(want))).toBe(true);
  });

  // (pre-LN writes each layer norm before its sublayer, so the graph lists the weights in another order)
  it.each(cases.map((c) => ({ c, name: c.name })))('$name: the mapped torch weights are exactly the layer weights', ({ c }) => {
    const shapes = Object.fromEntries(build(c).params.map((p) => [p.name, p.type.shape]));
    expect(shapes).toEqual(Object.fromEntries(Object.entries(c.weights).map(([name, t]) => [name, t.shape])));
  });
});

describe.each(TARGETS)('$label matches nn.TransformerEncoderLayer', (target: Target) => {
  let worst = 0;
  afterAll(() => console.log(`${target.label}: largest scaled error against torch ${worst.toExponential(3)}`));

  it.each(cases.map((c) => ({ c, name: c.name })))('$name', async ({ c }) => {
    const out = await runGoldenCase(target, build(c), c);
    const expected = c.expected['output']!;
    const actual = out['output']!;
    expect(actual.shape).toEqual(expected.shape);
    expected.data.forEach((e, i) => {
      const err = Math.abs(actual.data[i]! - e) / Math.max(1, Math.abs(e));
      expect(err, `${c.name}[${i}]: ${actual.data[i]} vs ${e}`).toBeLessThanOrEqual(GOLDEN_RTOL);
      worst = Math.max(worst, err);
    });
  });
});
