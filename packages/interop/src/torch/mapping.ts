import type { Layer } from '@layerspec/spec';
import type { Weights } from './tensor-ops.js';

/** How one layerspec layer's weights map to and from the state_dict of the matching torch module(s). */
export interface TorchMapping<L> {
  /** The layerspec class; the mapping applies to its instances. */
  readonly layer: abstract new (
    ...args: never[]
  ) => L;
  /** The torch module(s) whose `state_dict()` keys it reads, for messages and docs. */
  readonly torchModules: readonly string[];
  fromTorch(layer: L, stateDict: Readonly<Weights>): Weights;
  toTorch(layer: L, weights: Readonly<Weights>): Weights;
}

/** Any layerspec layer, as the public functions take it. */
export type AnyLayer = Layer<object, object>;
