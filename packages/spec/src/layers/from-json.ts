import { LayerspecError, parseJSONText } from '../errors.js';
import type { Layer, LayerJSON } from './layer.js';
import { setLayerFactory } from './layer-factory.js';
import { LAYERS, isLayerName, layerClassNames, type LayerName } from './table.js';

/** A new layer `name` from a config; the constructor checks every key, so any object may be given. */
export function createLayer(name: LayerName, config: object): Layer<object, object> {
  const layer: Layer<object, object> = Reflect.construct(LAYERS[name], [config]);
  return layer;
}

/** Rebuilds a layer from `layer.toJSON()` (or its JSON text). */
export function layerFromJSON(json: LayerJSON | string): Layer<object, object> {
  const parsed: unknown = typeof json === 'string' ? parseJSONText(json, 'layerFromJSON') : json;
  if (typeof parsed !== 'object' || parsed === null || !('className' in parsed) || typeof parsed.className !== 'string') {
    throw new LayerspecError('layerFromJSON', 'expected { className, config }');
  }
  if (!isLayerName(parsed.className)) {
    throw new LayerspecError('layerFromJSON', `unknown layer class '${parsed.className}' (known: ${layerClassNames().join(', ')})`);
  }
  const config = 'config' in parsed && typeof parsed.config === 'object' && parsed.config !== null ? parsed.config : {};
  return createLayer(parsed.className, { ...config });
}

setLayerFactory((className, config) => {
  if (!isLayerName(className))
    throw new LayerspecError('layerFromJSON', `unknown layer class '${className}' (known: ${layerClassNames().join(', ')})`);
  return createLayer(className, config);
});
