import type { AttrsOf, Graph, OpName } from '@layerspec/spec';
import type { RefTensor } from '../ref-tensor.js';

export interface KernelContext {
  /** Names the node, for errors. */
  readonly where: string;
  readonly training: boolean;
  /** Counts runs, so training-mode dropout draws a new pattern each run. */
  readonly runIndex: number;
  /** Runs a subgraph (a Scan body) on tensors given in the order of its inputs; returns its outputs in order. */
  readonly runGraph: (graph: Graph, inputs: readonly RefTensor[]) => RefTensor[];
}

/** An implementation taking attributes `A`; `inputs[i]` is undefined for an omitted optional input. */
export type KernelFn<A> = (inputs: readonly (RefTensor | undefined)[], attrs: A, ctx: KernelContext) => RefTensor[];

/** The implementation of op K. */
export type Kernel<K extends OpName> = KernelFn<AttrsOf<K>>;

export type NoAttrs = Record<never, never>;

export function input(inputs: readonly (RefTensor | undefined)[], i: number): RefTensor {
  const t = inputs[i];
  if (!t) throw new Error(`kernel input ${i} is missing`);
  return t;
}
