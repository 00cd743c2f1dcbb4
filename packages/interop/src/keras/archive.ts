import { LayerspecError } from '@layerspec/spec';
import { unzipSync } from 'fflate';

const WHERE = 'readKerasWeights';

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** `model.weights.h5` from a `.keras` archive (a zip with it, `config.json` and `metadata.json`). */
export function weightsFromKerasArchive(bytes: Uint8Array): Uint8Array {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === 'model.weights.h5' });
  } catch (e) {
    throw new LayerspecError(WHERE, `could not unzip the .keras archive (${e instanceof Error ? e.message : String(e)})`);
  }
  const weights = files['model.weights.h5'];
  if (!weights) {
    throw new LayerspecError(WHERE, 'the .keras archive has no model.weights.h5');
  }
  return weights;
}
