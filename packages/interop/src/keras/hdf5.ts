/// <reference path="../types/jsfive.d.ts" />
import { LayerspecError, type HostTensor } from '@layerspec/spec';
import { Dataset, File, Group } from 'jsfive';

const WHERE = 'readKerasWeights';
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export function isHdf5(bytes: Uint8Array): boolean {
  return HDF5_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** jsfive throws strings and plain errors; every failure becomes a LayerspecError naming what was read. */
function guarded<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof LayerspecError) throw e;
    throw new LayerspecError(WHERE, `could not read ${what} (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** An HDF5 file read through jsfive, by group path. */
export class Hdf5Reader {
  private readonly file: File;

  constructor(bytes: Uint8Array) {
    const buffer = new Uint8Array(bytes).buffer;
    this.file = guarded('the HDF5 file', () => new File(buffer, 'model.weights.h5'));
  }

  /** The member names of the group at `path` ('' is the root), or undefined when there is no such group. */
  groupKeys(path: string): string[] | undefined {
    const group = guarded(`group '${path}'`, () => {
      if (path === '') return this.file;
      const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      const keys = parent === '' ? this.file.keys : this.groupKeys(parent);
      if (!keys?.includes(path.slice(path.lastIndexOf('/') + 1))) return undefined;
      return this.file.get(path);
    });
    return group instanceof Group ? [...group.keys] : undefined;
  }

  /** The float dataset at `path` as float32 (f4 as is, f8 rounded). */
  float32(path: string): HostTensor {
    const d = guarded(`dataset '${path}'`, () => this.file.get(path));
    if (!(d instanceof Dataset)) throw new LayerspecError(WHERE, `'${path}' is not a dataset`);
    const dtype = guarded(`the dtype of '${path}'`, () => d.dtype);
    if (typeof dtype !== 'string' || !/^[<>]f[48]$/.test(dtype)) {
      throw new LayerspecError(WHERE, `dataset '${path}' has dtype ${JSON.stringify(dtype)}; only float32 and float64 weights are read`);
    }
    const shape = guarded(`the shape of '${path}'`, () => [...d.shape]);
    const value = guarded(`the values of '${path}'`, () => d.value);
    const size = shape.reduce((a, b) => a * b, 1);
    if (!Array.isArray(value) || value.length !== size || !value.every((v) => typeof v === 'number')) {
      throw new LayerspecError(WHERE, `dataset '${path}' of shape [${shape.join(', ')}] did not read as ${size} numbers`);
    }
    return { dtype: 'float32', shape, data: Float32Array.from(value) };
  }
}
