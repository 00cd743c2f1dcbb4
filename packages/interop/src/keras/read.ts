import { LayerspecError, type HostTensor } from '@layerspec/spec';
import type { AnyLayer } from '../torch/mapping.js';
import { isZip, weightsFromKerasArchive } from './archive.js';
import { Hdf5Reader, isHdf5 } from './hdf5.js';
import { kerasLayout, type KerasLayout } from './layout.js';
import { checkKerasShapes } from './shapes.js';

const WHERE = 'readKerasWeights';

export interface ReadKerasOptions {
  /**
   * The layer's group in the file, e.g. 'layers/multi_head_attention_1' (Keras names a model's layers by
   * snake-case class name, numbered from the second one on). Needed when the file holds several layers
   * of the kind; by default the only one is used.
   */
  path?: string;
}

function findLayer(h5: Hdf5Reader, layout: KerasLayout, layer: AnyLayer, given: string | undefined): string {
  if (given !== undefined) {
    if (!h5.groupKeys(given)) throw new LayerspecError(WHERE, `the file has no group '${given}'`);
    return given;
  }
  const layers = h5.groupKeys('layers') ?? [];
  const pattern = new RegExp(`^(${layout.kerasNames.join('|')})(_\\d+)?$`);
  const matches = layers.filter((name) => pattern.test(name));
  if (matches.length === 1) return `layers/${matches[0]!}`;
  const listed = layers.length > 0 ? layers.join(', ') : 'none';
  if (matches.length === 0) {
    throw new LayerspecError(
      WHERE,
      `no ${layer.className} in the file: expected a layer saved as ${layout.kerasNames.join(' or ')} (the file's layers: ${listed})`,
    );
  }
  throw new LayerspecError(
    WHERE,
    `the file has ${matches.length} layers that fit ${layer.className} (${matches.join(', ')}): choose one with { path: 'layers/<name>' }`,
  );
}

/**
 * The weights of one layer from a Keras 3 `.weights.h5` file or `.keras` archive, under layerspec names
 * (Keras's own layouts, so nothing is transposed). Every problem is a `LayerspecError` naming the path.
 */
export function readKerasWeights(bytes: Uint8Array, layer: AnyLayer, options: ReadKerasOptions = {}): Record<string, HostTensor> {
  if (!(bytes instanceof Uint8Array)) throw new LayerspecError(WHERE, 'expects the file as a Uint8Array');
  const layout = kerasLayout(layer, WHERE);
  const h5bytes = isZip(bytes) ? weightsFromKerasArchive(bytes) : bytes;
  if (!isHdf5(h5bytes)) throw new LayerspecError(WHERE, 'the bytes are neither an HDF5 file (.weights.h5) nor a zip archive (.keras)');
  const h5 = new Hdf5Reader(h5bytes);
  const base = findLayer(h5, layout, layer, options.path);
  const weights: Record<string, HostTensor> = {};
  for (const group of layout.groups) {
    const vars = `${base}${group.sublayer ? `/${group.sublayer}` : ''}/vars`;
    const saved = (h5.groupKeys(vars) ?? []).filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
    if (saved.length !== group.names.length) {
      throw new LayerspecError(
        WHERE,
        `'${vars}' holds ${saved.length} variable(s) (${saved.join(', ') || 'none'}); ${layer.className} expects ${group.names.length}: ${group.names.join(', ')}`,
      );
    }
    group.names.forEach((name, i) => (weights[name] = h5.float32(`${vars}/${i}`)));
  }
  checkKerasShapes(layer, weights, base);
  return weights;
}
