import { scheduleGraph, type Graph, type GraphNode, type ValueInfo } from '@layerspec/spec';
import { matmul } from './kernels/matmul.js';
import { KERNELS } from './kernels/table.js';
import type { Kernel, KernelContext } from './kernels/types.js';
import type { RefTensor } from './ref-tensor.js';

export type StepKernel = (inputs: readonly (RefTensor | undefined)[], ctx: KernelContext) => RefTensor[];

export interface Step {
  readonly where: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly types: readonly ValueInfo[];
  readonly run: StepKernel;
  /** Values no later step reads: dropped after this step so memory stays bounded. */
  readonly release: readonly string[];
}

export interface Plan {
  readonly steps: readonly Step[];
  readonly types: ReadonlyMap<string, ValueInfo>;
}

function bindKernel<K extends GraphNode['op']>(op: K, attrs: Parameters<Kernel<K>>[1]): StepKernel {
  const kernel: Kernel<K> = KERNELS[op];
  return (ins, ctx) => kernel(ins, attrs, ctx);
}

/** The shared schedule, bound to this engine's kernels (a MatMul reads folded transposes directly). */
export function planGraph(graph: Graph): Plan {
  const { nodes, types } = scheduleGraph(graph);
  return {
    types,
    steps: nodes.map((s) => {
      const where = `${graph.name}: node '${s.node.name}' (${s.node.op})`;
      const [ta, tb] = s.transposed;
      const run: StepKernel =
        s.node.op === 'MatMul' ? (ins) => [matmul(ins[0]!, ins[1]!, ta ?? false, tb ?? false, where)] : bindKernel(s.node.op, s.node.attrs);
      return {
        where,
        inputs: s.inputs,
        outputs: s.node.outputs,
        types: s.node.outputs.map((o) => types.get(o)!),
        run,
        release: s.release,
      };
    }),
  };
}
