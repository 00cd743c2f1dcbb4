/** Arbitraries for LayerNormalization and RMSNormalization: any rank 1-4, any non-empty set of axes. */
import fc from 'fast-check';
import type { LayerCase } from '../types.js';
import { CaseBuilder, defined, seedArb } from './common.js';

// sizes mostly >= 2, so normalized groups mostly hold >= 2 values (a group of one is exactly beta)
const sizeArb = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2, max: 5 }) }, { weight: 1, arbitrary: fc.constant(1) });

const shapeAndAxes = fc.array(sizeArb, { minLength: 1, maxLength: 4 }).chain((shape) =>
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

/** A normalization case: `input` of any shape, the axes, `epsilon` from `epsilons`, and the layer's boolean `flags` (default true). */
function normalizationArb(
  layer: 'LayerNormalization' | 'RMSNormalization',
  epsilons: readonly [number, number],
  flags: readonly string[],
): fc.Arbitrary<LayerCase> {
  return fc
    .record({
      sa: shapeAndAxes,
      epsilon: fc.option(fc.constantFrom(...epsilons), { nil: undefined }),
      flags: fc.array(fc.boolean(), { minLength: flags.length, maxLength: flags.length }),
      // 1 mostly; x100 (large mean, small spread relative to it) and x0.01 (spread near epsilon) as a share
      magnitude: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.constantFrom(100, 0.01) }),
      dataSeed: seedArb,
      weightSeed: seedArb,
    })
    .map((r): LayerCase => {
      const c = new CaseBuilder(r.dataSeed);
      c.float('input', r.sa.shape, r.magnitude);
      const config = defined({
        axis: axisConfig(r.sa.shape, r.sa.pick, r.sa.negative, r.sa.asNumber),
        epsilon: r.epsilon,
        ...Object.fromEntries(flags.map((flag, i) => [flag, r.flags[i] ? undefined : false])),
      });
      return c.finish(layer, config, {}, r.weightSeed, r);
    });
}

export const layerNormalizationArb = normalizationArb('LayerNormalization', [1e-5, 0.25], ['center', 'scale']);
export const rmsNormalizationArb = normalizationArb('RMSNormalization', [1e-3, 0.5], ['scale']);
