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

/**
 * A compiled graph with weights of its own (from `Compiled.bind`): runs take the inputs only, and read
 * the copy of the weights taken at bind time.
 */
export interface BoundCompiled {
  /** Checks the inputs as `Compiled.run` does (before anything runs), and runs with the bound weights. */
  run(inputs: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  /**
   * Releases the bound weights (a session, uploaded tensors); runs in flight finish first. A run started
   * after dispose throws a LayerspecError. Disposing the compiled graph disposes it too.
   */
  dispose(): void;
}

/** A graph compiled by one backend, reusable across runs. */
export interface Compiled {
  /** Weights are read at each run: a weight changed in place since the last run is used as changed. */
  run(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  /**
   * Checks the weights and hands them to the runtime once (a session with them as initializers, uploaded
   * tensors): the runs of the result take the inputs only and skip the per-run weight compare of `run`.
   * It keeps a private copy taken now, so later changes to these arrays are not seen; bind again (and
   * dispose the old one) to run with changed weights.
   */
  bind(weights: Record<string, HostTensor>): Promise<BoundCompiled>;
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
