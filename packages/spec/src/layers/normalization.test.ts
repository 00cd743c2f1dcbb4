/**
 * LayerNormalization and RMSNormalization as built graphs: weights, defaults, config and build errors.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, paramShapes, summary } from '../testing/helpers.js';
import { f32, i32, configError, expectRoundTrip } from '../testing/layers.js';
import type { TensorType } from '../types.js';
import { LayerNormalization } from './layer-normalization.js';
import { RMSNormalization } from './rms-normalization.js';

describe('LayerNormalization', () => {
  const NAME = 'LayerNormalization';
  const x = { input: f32('batch', 5, 8) };

  it('normalizes the last axis by default: gamma then beta, output like the input', () => {
    const g = new LayerNormalization().build(x);
    expect(summary(g.inputs)).toEqual([['input', 'float32', ['batch', 5, 8]]]);
    expect(g.params).toEqual([
      { name: 'gamma', type: f32(8), init: { name: 'ones' } },
      { name: 'beta', type: f32(8), init: { name: 'zeros' } },
    ]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 5, 8]]]);
  });

  it('weights are shaped like the normalized axes, trailing or not', () => {
    expect(paramShapes(new LayerNormalization({ axis: [1, 2] }).build(x))).toEqual([
      ['gamma', [5, 8]],
      ['beta', [5, 8]],
    ]);
    expect(paramShapes(new LayerNormalization({ axis: [2, -2] }).build(x))).toEqual([
      ['gamma', [5, 8]],
      ['beta', [5, 8]],
    ]);
    const middle = new LayerNormalization({ axis: 1 }).build(x);
    expect(paramShapes(middle)).toEqual([
      ['gamma', [5]],
      ['beta', [5]],
    ]);
    expect(summary(middle.outputs)).toEqual([['output', 'float32', ['batch', 5, 8]]]);
  });

  it('center and scale switch beta and gamma off', () => {
    expect(paramShapes(new LayerNormalization({ center: false }).build(x))).toEqual([['gamma', [8]]]);
    expect(paramShapes(new LayerNormalization({ scale: false }).build(x))).toEqual([['beta', [8]]]);
    expect(new LayerNormalization({ center: false, scale: false }).build(x).params).toEqual([]);
  });

  it('defaults match LAYERS.md', () => {
    expect(new LayerNormalization().config).toEqual({
      axis: -1,
      epsilon: 1e-3,
      center: true,
      scale: true,
      gammaInitializer: 'ones',
      betaInitializer: 'zeros',
    });
  });

  it('round-trips through JSON', () => {
    expectRoundTrip(
      new LayerNormalization({ axis: [1, 2], epsilon: 1e-5, center: false, gammaInitializer: { name: 'constant', value: 2 } }),
      x,
    );
    expectRoundTrip(new LayerNormalization(), x);
  });

  it('config errors', () => {
    expect(configError(NAME, { axes: [1] })).toBe(
      `${NAME}: unknown config key 'axes' (known: axis, epsilon, center, scale, gammaInitializer, betaInitializer)`,
    );
    expect(configError(NAME, { epsilon: 0 })).toBe(`${NAME}: config 'epsilon' must be > 0, got 0`);
    expect(configError(NAME, { axis: [] })).toBe(`${NAME}: config 'axis' must be an integer or a non-empty list of integers, got []`);
    expect(configError(NAME, { axis: 'last' })).toContain(`${NAME}: config 'axis' must be an integer`);
    expect(configError(NAME, { center: 1 })).toBe(`${NAME}: config 'center' must be true or false, got 1`);
  });

  it('build errors: axis out of range, a symbolic normalized dim, dtype, input names', () => {
    const build = (layer: LayerNormalization, inputs: Record<string, TensorType>): string => errorOf(() => layer.build(inputs));
    expect(build(new LayerNormalization({ axis: 3 }), x)).toBe(
      `${NAME}: config 'axis' 3 does not fit input 'input' of rank 3: axis 3 is out of range for rank 3`,
    );
    expect(build(new LayerNormalization({ axis: [-4] }), x)).toContain(
      "config 'axis' [-4] does not fit input 'input' of rank 3: axis -4 is out of range for rank 3",
    );
    expect(build(new LayerNormalization({ axis: 0 }), x)).toBe(
      `${NAME}: input 'input' dim 0 is normalized and sizes a weight, so it must be a number, got 'batch'`,
    );
    expect(build(new LayerNormalization({ axis: [1, 2] }), { input: f32('b', 't', 8) })).toContain(
      "dim 1 is normalized and sizes a weight, so it must be a number, got 't'",
    );
    expect(build(new LayerNormalization(), { input: i32('b', 8) })).toBe(`${NAME}: input 'input' must be float32, got int32[b, 8]`);
    expect(build(new LayerNormalization(), { x: f32(2, 8) })).toBe(`${NAME}: unknown input 'x' (inputs: input)`);
    expect(build(new LayerNormalization(), {})).toBe(`${NAME}: input 'input' is required`);
  });
});

describe('RMSNormalization', () => {
  const NAME = 'RMSNormalization';
  const x = { input: f32('batch', 5, 8) };

  it('has one gamma weight shaped like the normalized axes', () => {
    const g = new RMSNormalization().build(x);
    expect(summary(g.inputs)).toEqual([['input', 'float32', ['batch', 5, 8]]]);
    expect(g.params).toEqual([{ name: 'gamma', type: f32(8), init: { name: 'ones' } }]);
    expect(summary(g.outputs)).toEqual([['output', 'float32', ['batch', 5, 8]]]);
    expect(paramShapes(new RMSNormalization({ axis: [1, 2] }).build(x))).toEqual([['gamma', [5, 8]]]);
    expect(new RMSNormalization({ scale: false }).build(x).params).toEqual([]);
  });

  it('defaults match LAYERS.md', () => {
    expect(new RMSNormalization().config).toEqual({ axis: -1, epsilon: 1e-6, scale: true, gammaInitializer: 'ones' });
  });

  it('round-trips through JSON', () => {
    expectRoundTrip(new RMSNormalization({ axis: [-2, -1], epsilon: 1e-8 }), x);
  });

  it('config and build errors', () => {
    expect(configError(NAME, { center: true })).toBe(
      `${NAME}: unknown config key 'center' (known: axis, epsilon, scale, gammaInitializer)`,
    );
    expect(configError(NAME, { epsilon: -1 })).toBe(`${NAME}: config 'epsilon' must be > 0, got -1`);
    expect(errorOf(() => new RMSNormalization({ axis: 5 }).build(x))).toBe(
      `${NAME}: config 'axis' 5 does not fit input 'input' of rank 3: axis 5 is out of range for rank 3`,
    );
    expect(errorOf(() => new RMSNormalization({ axis: 1 }).build({ input: f32('b', 't', 8) }))).toContain(
      `${NAME}: input 'input' dim 1 is normalized and sizes a weight, so it must be a number, got 't'`,
    );
  });
});
