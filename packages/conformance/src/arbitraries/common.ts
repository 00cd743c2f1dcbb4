import fc from 'fast-check';
import { Random, type HostTensor, type LayerName, type TensorType } from '@layerspec/spec';
import type { LayerCase } from '../types.js';
import { boolTensor, normalTensor } from '../data.js';

/** Seeds for tensor data and weights: shrinking them is pointless, so they shrink to 1 at most. */
export const seedArb = fc.integer({ min: 1, max: 0x7fffffff });

/**
 * Input magnitudes: mostly 1, where logits stay in the unsaturated range and a wrong scale, epsilon or
 * mask shows; a separate share of large inputs (x10, x100: dot-product logits reach ~1e4) that the
 * recipe labels 'large-logits' (see `shareOf`).
 */
export const magnitudeArb = fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(10, 100) });

/** The labelled share of a case by its input magnitude. */
export const shareOf = (magnitude: number): 'typical' | 'large-logits' => (magnitude > 1 ? 'large-logits' : 'typical');

/** Sequence lengths: mostly >= 2, so a softmax has a choice to make (length 1 makes every weight 1). */
export const lengthArb = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2, max: 5 }) }, { weight: 1, arbitrary: fc.constant(1) });

/** Dropout rates: the layers run at inference, so any rate must leave the output unchanged. */
export const dropoutArb = fc.option(fc.constantFrom(0.1, 0.5), { nil: undefined, freq: 3 });

/**
 * Mask kinds: 'none'; 'random' (each entry allowed with p = 0.7); 'row' (random, then the first query
 * row, or the whole mask when it has no query axis, allows nothing); 'batch' (random, then the first
 * batch row allows nothing).
 */
export type MaskKind = 'none' | 'random' | 'row' | 'batch';
export const maskKindArb = fc.constantFrom<MaskKind>('none', 'random', 'row', 'batch');

/** Accumulates inputs and their types while a case is materialized. */
export class CaseBuilder {
  readonly inputs: Record<string, HostTensor> = {};
  readonly inputTypes: Record<string, TensorType> = {};
  readonly rng: Random;

  constructor(dataSeed: number) {
    this.rng = new Random(dataSeed, 17);
  }

  float(name: string, shape: number[], magnitude = 1): HostTensor {
    return this.add(name, normalTensor(this.rng, shape, magnitude));
  }

  /**
   * A bool mask of `shape` for `kind`. `rowAxis`: the axis whose index 0 is emptied for 'row'
   * (the query axis; undefined empties everything); `batchAxis` likewise for 'batch'.
   */
  mask(name: string, shape: number[], kind: MaskKind, rowAxis?: number, batchAxis?: number): HostTensor | undefined {
    if (kind === 'none') return undefined;
    const t = boolTensor(this.rng, shape, 0.7);
    const clearAt = (axis: number | undefined): void => {
      if (axis === undefined) {
        t.data.fill(0);
        return;
      }
      const inner = shape.slice(axis + 1).reduce((a, d) => a * d, 1);
      const outer = shape.slice(0, axis).reduce((a, d) => a * d, 1);
      const size = shape[axis]!;
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) t.data[o * size * inner + i] = 0;
    };
    if (kind === 'row') clearAt(rowAxis);
    if (kind === 'batch') clearAt(batchAxis);
    return this.add(name, t);
  }

  add(name: string, t: HostTensor): HostTensor {
    this.inputs[name] = t;
    this.inputTypes[name] = { dtype: t.dtype, shape: [...t.shape] };
    return t;
  }

  finish(
    layer: LayerName,
    config: Record<string, unknown>,
    buildOptions: Record<string, unknown>,
    weightSeed: number,
    recipe: Record<string, unknown>,
  ): LayerCase {
    return { layer, config, buildOptions, inputTypes: this.inputTypes, inputs: this.inputs, weightSeed, recipe };
  }
}

/** Drops undefined entries, so configs stay minimal (the layer defaults apply). */
export function defined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
