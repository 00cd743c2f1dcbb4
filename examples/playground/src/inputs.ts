/**
 * The input tensors of a run, from the settings: float inputs uniform in [-1, 1) from the seed (each input
 * its own stream), int inputs 0 or 1, bool inputs true but the last `padding` positions of their last axis.
 */
import { hashString, Random, sizeOf, tensor, type DType, type HostTensor, type InputDecl, type TensorType } from '@layerspec/spec';
import type { Settings } from './settings.js';

export function inputTypes(settings: Settings, declared: readonly InputDecl[]): Record<string, TensorType> {
  const out: Record<string, TensorType> = {};
  for (const [name, shape] of Object.entries(settings.shapes)) {
    const dtype: DType = declared.find((d) => d.name === name)?.dtype ?? settings.dtypes[name] ?? 'float32';
    out[name] = { dtype, shape };
  }
  return out;
}

function data(name: string, type: TensorType, settings: Settings): number[] {
  const shape = type.shape.map(Number);
  const n = sizeOf(shape);
  const last = shape[shape.length - 1] ?? 1;
  if (type.dtype === 'bool') return Array.from({ length: n }, (_, i) => (i % last < last - settings.padding ? 1 : 0));
  if (type.dtype === 'int32') return Array.from({ length: n }, (_, i) => i % 2);
  const random = new Random(settings.seed, hashString(name));
  return Array.from({ length: n }, () => random.uniform() * 2 - 1);
}

export function makeInputs(settings: Settings, types: Record<string, TensorType>): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const [name, type] of Object.entries(types)) {
    out[name] = tensor(data(name, type, settings), type.shape.map(Number), type.dtype);
  }
  return out;
}
