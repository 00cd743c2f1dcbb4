import { LAYERS, type LayerName } from '@layerspec/spec';

/** The tfjs class name of a spec layer (its `static className`, registered for `tf.loadLayersModel`). */
export type TfjsClassName<K extends LayerName> = `Layerspec${K}`;

/** What the tfjs wrapper of spec layer `K` reads from the layer table. */
export interface SpecLayerKind<K extends LayerName = LayerName> {
  /** The spec layer's class name, as `layerFromJSON` knows it. */
  readonly spec: K;
  readonly className: TfjsClassName<K>;
  /** The keys of the spec layer's build options (they are part of the wrapper's config). */
  readonly buildOptions: readonly string[];
}

export function kindOf<K extends LayerName>(spec: K): SpecLayerKind<K> {
  return { spec, className: `Layerspec${spec}`, buildOptions: Object.keys(LAYERS[spec].declaration.buildOptions) };
}
