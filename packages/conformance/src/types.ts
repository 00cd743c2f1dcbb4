import type { HostTensor, LayerName, TensorType } from '@layerspec/spec';
import type { GraphUnderTest } from './graph-cases.js';

/** One generated test case: a layer config, concrete input types, the input data and a weight seed. */
export interface LayerCase {
  layer: LayerName;
  config: Record<string, unknown>;
  buildOptions: Record<string, unknown>;
  inputTypes: Record<string, TensorType>;
  inputs: Record<string, HostTensor>;
  weightSeed: number;
  /**
   * The short, JSON-able description the case was materialized from (shapes, data seed, magnitude,
   * mask kind). Reported as the counterexample; the tensors follow from it deterministically.
   */
  recipe: Record<string, unknown>;
}

export interface Target {
  name: string;
  backend: string;
  compileOptions?: object;
}

export interface Failure {
  seed: number;
  path: string;
  /** JSON of the shrunk case (its recipe), short. */
  counterexample: string;
  /** Elements in the shrunk case's input tensors. */
  inputElements?: number;
  message: string;
}

export interface CellResult {
  layer: string;
  target: string;
  /** 'matches ref' or a law name. */
  check: string;
  cases: number;
  maxError: number;
  /** The largest kappa (compare.ts) a passing case was judged with, and the largest error before dividing by it. */
  maxKappa?: number;
  maxRawError?: number;
  passed: boolean;
  failure?: Failure;
}

export interface ConformanceOptions {
  targets: readonly Target[];
  layers?: readonly string[];
  /** Any graph instead of the layers: 'matches ref' (and 'gradient matches ref' on training targets) on it. */
  graph?: GraphUnderTest;
  /** Only these checks ('matches ref', law names); default: all. */
  checks?: readonly string[];
  runs: number;
  seed?: number;
  path?: string;
  onProgress?: (done: number, total: number, label: string) => void;
}
