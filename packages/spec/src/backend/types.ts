import type { Graph } from '../graph/types.js';
import type { PassSelection } from '../passes/pipeline.js';
import type { HostTensor } from '../types.js';

export interface CompileOptions {
  /** Training mode: Dropout drops. Default false. */
  training?: boolean;
  /** The graph passes to run before compiling (docs/passes.md): all (default), none, or the named ones. */
  passes?: PassSelection;
  /**
   * A run whose estimated peak of tensor bytes (inputs, weights, intermediates, outputs, from the bound
   * shapes) exceeds this is rejected with a LayerspecError before anything runs. Each backend has a
   * default (see its README).
   */
  memoryLimitBytes?: number;
}

/** A graph compiled by one backend, reusable across runs. */
export interface Compiled {
  /** Weights are read at each run: a weight changed in place since the last run is used as changed. */
  run(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  /**
   * Releases what the backend holds for this graph (sessions, tensors); runs in flight finish first and
   * release it when they end. A run started after dispose throws a LayerspecError.
   */
  dispose(): void;
}

/** A runtime that can run any graph of the IR. */
export interface Backend {
  readonly name: string;
  compile(graph: Graph, options?: object): Promise<Compiled>;
}
