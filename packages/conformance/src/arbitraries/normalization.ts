/** Arbitraries for LayerNormalization and RMSNormalization: any rank 1-4, any non-empty set of axes. */
import fc from 'fast-check';
import type { LayerCase } from '../types.js';
import { CaseBuilder, defined, seedArb } from './common.js';

const shapeAndAxes = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      // which axes are normalized; an empty pick means the default (-1)
      pick: fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }),
      negative: fc.boolean(),
      asNumber: fc.boolean(),
    }),
  );

function axisConfig(shape: number[], pick: boolean[], negative: boolean, asNumber: boolean): number | number[] | undefined {
  const axes = pick.flatMap((p, i) => (p ? [negative ? i - shape.length : i] : []));
  if (axes.length === 0) return undefined;
  if (axes.length === 1 && asNumber) return axes[0];
  return axes;
}

export const layerNormalizationArb: fc.Arbitrary<LayerCase> = fc
  .record({
    sa: shapeAndAxes,
    epsilon: fc.option(fc.constantFrom(1e-5, 0.25), { nil: undefined }),
    center: fc.boolean(),
    scale: fc.boolean(),
    magnitude: fc.constantFrom(1, 100, 0.01),
    dataSeed: seedArb,
    weightSeed: seedArb,
  })
  .map((r): LayerCase => {
    const c = new CaseBuilder(r.dataSeed);
    c.float('input', r.sa.shape, r.magnitude);
    const config = defined({
      axis: axisConfig(r.sa.shape, r.sa.pick, r.sa.negative, r.sa.asNumber),
      epsilon: r.epsilon,
      center: r.center ? undefined : false,
      scale: r.scale ? undefined : false,
    });
    return c.finish('LayerNormalization', config, {}, r.weightSeed, r);
  });

export const rmsNormalizationArb: fc.Arbitrary<LayerCase> = fc
  .record({
    sa: shapeAndAxes,
    epsilon: fc.option(fc.constantFrom(1e-3, 0.5), { nil: undefined }),
    scale: fc.boolean(),
    magnitude: fc.constantFrom(1, 100, 0.01),
    dataSeed: seedArb,
    weightSeed: seedArb,
  })
  .map((r): LayerCase => {
    const c = new CaseBuilder(r.dataSeed);
    c.float('input', r.sa.shape, r.magnitude);
    const config = defined({
      axis: axisConfig(r.sa.shape, r.sa.pick, r.sa.negative, r.sa.asNumber),
      epsilon: r.epsilon,
      scale: r.scale ? undefined : false,
    });
    return c.finish('RMSNormalization', config, {}, r.weightSeed, r);
  });
