import type { InitializerSpec } from '../init/spec.js';
import type { AttrsOf, OpName } from '../ops/table.js';
import type { TensorType } from '../types.js';

export interface GraphValue {
  readonly name: string;
  readonly type: TensorType;
}

/**
 * A graph output. Its name is what `run` returns it under; `value` names the graph value it reads when
 * that differs (a cell's `state_h` output reads a value other than its `state_h` input).
 */
export interface GraphOutput extends GraphValue {
  readonly value?: string;
}

/** The graph value an output reads. */
export function outputValue(output: GraphOutput): string {
  return output.value ?? output.name;
}

export interface GraphParam extends GraphValue {
  readonly init: InitializerSpec;
}

export interface NodeOf<K extends OpName> {
  readonly op: K;
  readonly name: string;
  /** Value names; '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  /** Fully defaulted. */
  readonly attrs: AttrsOf<K>;
  readonly outputs: readonly string[];
}

/** One node of any op, narrowed by `node.op`. */
export type GraphNode = { [K in OpName]: NodeOf<K> }[OpName];

/**
 * A typed op graph: inputs and params are its free values, nodes are in execution order, and each
 * output names the value it returns.
 */
export interface Graph {
  readonly name: string;
  readonly inputs: readonly GraphValue[];
  readonly params: readonly GraphParam[];
  readonly outputs: readonly GraphOutput[];
  readonly nodes: readonly GraphNode[];
}
