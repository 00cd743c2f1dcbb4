/** How a weight is initialized: plain JSON, so it survives graph and config round trips. */
export type InitializerSpec =
  | { name: 'zeros' }
  | { name: 'ones' }
  | { name: 'constant'; value: number }
  /** U(-l, l), l = sqrt(6 / (fanIn + fanOut)); fans default to the Keras rule for the shape. */
  | { name: 'glorotUniform'; fanIn?: number; fanOut?: number }
  /** An orthogonal matrix over (prod(shape[:-1]), shape[-1]), times `gain` (default 1). */
  | { name: 'orthogonal'; gain?: number }
  /** Consecutive blocks of the last axis, each with its own initializer (an LSTM's forget-gate bias). */
  | { name: 'blocks'; blocks: { size: number; init: InitializerSpec }[] };

export type InitializerName = 'zeros' | 'ones' | 'glorotUniform' | 'orthogonal';

/** What a layer config accepts for an initializer: a name or a full spec. */
export type InitializerLike = InitializerName | InitializerSpec;

export function toInitializerSpec(like: InitializerLike): InitializerSpec {
  return typeof like === 'string' ? { name: like } : like;
}
