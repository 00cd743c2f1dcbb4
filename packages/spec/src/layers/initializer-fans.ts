import { toInitializerSpec, type InitializerLike, type InitializerSpec } from '../init/spec.js';

/**
 * A layer's kernel initializer with the fans of the matrix it acts as: a (Dq, H, k) projection is a
 * Dq -> H*k map, so Glorot should see fanIn = Dq, fanOut = H*k (not the Keras rule for rank-3 shapes).
 */
export function withFans(like: InitializerLike, fanIn: number, fanOut: number): InitializerSpec {
  const spec = toInitializerSpec(like);
  if (spec.name !== 'glorotUniform') return spec;
  return { name: 'glorotUniform', fanIn: spec.fanIn ?? fanIn, fanOut: spec.fanOut ?? fanOut };
}
