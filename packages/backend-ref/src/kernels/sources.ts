import { Random, type OpName } from '@layerspec/spec';
import { allocRef, floats, fromHost } from '../ref-tensor.js';
import { input, type Kernel } from './types.js';

/** The ops whose values do not follow from their inputs' values alone: a constant, dropout in training. */
export const sourceKernels = {
  Constant: (_ins, attrs) => [fromHost(attrs.value)],
  /** Inverted dropout in training; the identity otherwise. */
  Dropout: (ins, attrs, ctx) => {
    const x = input(ins, 0);
    if (!ctx.training || attrs.ratio === 0) return [x];
    const rng = new Random(attrs.seed, ctx.runIndex);
    const keep = 1 - attrs.ratio;
    const out = allocRef('float32', x.shape);
    const src = floats(x, ctx.where);
    const dst = floats(out, ctx.where);
    for (let i = 0; i < src.length; i++) dst[i] = rng.uniform() < keep ? src[i]! / keep : 0;
    return [out];
  },
} satisfies { [K in OpName]?: Kernel<K> };
