/**
 * The golden cases as data: their format, the files, and their tensors as HostTensors. Used by this
 * engine's golden runner and by the other backends' parity tests. Test-only (not in dist).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { tensor, type DType, type HostTensor, type TensorType } from '@layerspec/spec';

export interface GoldenTensor {
  dtype: DType;
  shape: number[];
  data: number[];
}

export interface GoldenOutput {
  shape: number[];
  data: number[];
}

export interface GoldenCase {
  name: string;
  layer: string;
  config: Record<string, unknown>;
  buildOptions: Record<string, unknown>;
  inputTypes: Record<string, TensorType>;
  inputs: Record<string, GoldenTensor>;
  weights: Record<string, GoldenTensor>;
  expected: Record<string, GoldenOutput>;
}

const GOLDEN_DIR = new URL('../goldens/', import.meta.url);

/** Relative-or-absolute tolerance: |actual - expected| <= GOLDEN_RTOL * max(1, |expected|). */
export const GOLDEN_RTOL = 1e-5;

/** The golden file names (in src/goldens) that `keep` accepts, sorted. */
export function goldenFiles(keep: (file: string) => boolean = () => true): string[] {
  return readdirSync(GOLDEN_DIR)
    .filter((f) => f.endsWith('.json') && keep(f))
    .sort();
}

export function readGoldenCases(file: string): GoldenCase[] {
  return JSON.parse(readFileSync(new URL(file, GOLDEN_DIR), 'utf8')) as GoldenCase[];
}

export function toHostMap(m: Record<string, GoldenTensor>): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const [name, t] of Object.entries(m)) out[name] = tensor(t.data, t.shape, t.dtype);
  return out;
}

/**
 * Cases no float32 runtime can meet to GOLDEN_RTOL, with the bound they get: inputs near 1000 with unit
 * spread, where rounding the float32 mean alone (half an ulp of 1000 is 3e-5) moves the unit-size output
 * by more than 1e-5. The reference engine computes in float64 and is held to GOLDEN_RTOL everywhere.
 */
export const FLOAT32_ILL_CONDITIONED: Readonly<Record<string, number>> = { 'layernorm large offset': 5e-4 };
