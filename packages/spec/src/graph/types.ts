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
  /** Groups of nodes that compute one standard op exactly; an exporter may emit that op instead. */
  readonly composites?: readonly CompositeRegion[];
}

/** The standard ops a composite region may stand for. */
export type CompositeOp = 'LayerNormalization' | 'RMSNormalization' | 'RotaryEmbedding' | 'Attention';

/**
 * Nodes that together compute one ONNX op exactly (same inputs, attributes and outputs). The nodes stay
 * the definition every backend runs; an exporter targeting `sinceOpset` or later may replace them with
 * the op. Values made inside the region are read outside it only through `outputs`.
 */
export interface CompositeRegion {
  readonly op: CompositeOp;
  readonly sinceOpset: number;
  /**
   * Values read from outside the region, in the op's input order ('' for an omitted optional input).
   * 'Attention' regions list query, key, value, attention_mask (bool), attention_bias (float), past_key,
   * past_value: the exporter decides whether the op can express them (see ATTENTION_REGION_INPUTS).
   */
  readonly inputs: readonly string[];
  /** Values the region makes for the rest of the graph, in the op's output order ('' for one it does not make). */
  readonly outputs: readonly string[];
  readonly attrs: Readonly<Record<string, number>>;
  /** Names of the nodes the op replaces. */
  readonly nodes: readonly string[];
  /**
   * The graph passes may rewrite its nodes, dropping the region (an exporter then writes the nodes). An
   * exporter that will write the op keeps the region first (`chooseComposites`), which fixes it, so the passes leave it whole.
   */
  readonly rewritable?: boolean;
}
