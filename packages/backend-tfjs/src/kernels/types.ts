import type { AttrsOf, Graph, OpName } from '@layerspec/spec';
import type { Tensor } from '../tf.js';

export interface TfContext {
  readonly where: string;
  readonly training: boolean;
  /** Runs a subgraph (a Scan body) on tensors in the order of its inputs; returns its outputs in order. */
  readonly runGraph: (graph: Graph, inputs: readonly Tensor[]) => Tensor[];
}

export type TfKernelFn<A> = (inputs: readonly (Tensor | undefined)[], attrs: A, ctx: TfContext) => Tensor[];

/** The lowering of op K to TensorFlow.js ops. */
export type TfKernel<K extends OpName> = TfKernelFn<AttrsOf<K>>;

export type NoAttrs = Record<never, never>;

export function input(inputs: readonly (Tensor | undefined)[], i: number): Tensor {
  const t = inputs[i];
  if (!t) throw new Error(`kernel input ${i} is missing`);
  return t;
}
