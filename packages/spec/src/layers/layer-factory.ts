import type { Layer } from './layer.js';

type Factory = (className: string, config: object) => Layer<object, object>;

let factory: Factory | undefined;

/**
 * The models (Sequential, Functional) rebuild their layers from JSON through the layer table, which
 * lists the models themselves; `from-json.ts` registers the table's factory here so that the models'
 * modules do not import the table (an import cycle would leave the table half-built).
 */
export function setLayerFactory(f: Factory): void {
  factory = f;
}

export function constructLayer(className: string, config: object): Layer<object, object> {
  if (!factory) throw new Error('the layer table is not loaded');
  return factory(className, config);
}
