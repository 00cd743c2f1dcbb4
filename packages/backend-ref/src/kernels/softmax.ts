import { normalizeAxis } from '@layerspec/spec';
import { allocRef, floats } from '../ref-tensor.js';
import { input, type Kernel } from './types.js';

/** exp(x - max) / sum: the max shift keeps exp finite for logits of any size. */
export const softmax: Kernel<'Softmax'> = (ins, attrs, ctx) => {
  const x = input(ins, 0);
  const axis = normalizeAxis(attrs.axis, x.shape.length, ctx.where);
  const n = x.shape[axis]!;
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out = allocRef('float32', x.shape);
  const src = floats(x, ctx.where);
  const dst = floats(out, ctx.where);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = -Infinity;
      for (let k = 0, at = base; k < n; k++, at += inner) if (src[at]! > max || Number.isNaN(src[at]!)) max = src[at]!;
      let sum = 0;
      for (let k = 0, at = base; k < n; k++, at += inner) {
        const e = Math.exp(src[at]! - max);
        dst[at] = e;
        sum += e;
      }
      const scale = 1 / sum;
      for (let k = 0, at = base; k < n; k++, at += inner) dst[at]! *= scale;
    }
  }
  return [out];
};
