import type { Graph } from '../graph/types.js';
import type { PassSelection } from '../passes/pipeline.js';
import type { HostTensor } from '../types.js';

export interface CompileOptions {
  /** Training mode: Dropout drops. Default false. */
  training?: boolean;
  /** The graph passes to run before compiling (docs/passes.md): all (default), none, or the named ones. */
  passes?: PassSelection;
}

/** A graph compiled by one backend, reusable across runs. */
export interface Compiled {
  run(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  /** Releases what the backend holds for this graph (sessions, tensors). */
  dispose(): void;
}

/** A runtime that can run any graph of the IR. */
export interface Backend {
  readonly name: string;
  compile(graph: Graph, options?: object): Promise<Compiled>;
}
