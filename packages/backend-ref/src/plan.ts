import { outputValue, verifyGraph, type Graph, type GraphNode, type ValueInfo } from '@layerspec/spec';
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

/** A Transpose that only swaps the last two axes: a MatMul reads its input transposed instead. */
function swapsLastTwo(node: GraphNode): boolean {
  if (node.op !== 'Transpose') return false;
  const p = node.attrs.perm;
  const r = p.length;
  return r >= 2 && p[r - 2] === r - 1 && p[r - 1] === r - 2 && p.slice(0, -2).every((v, i) => v === i);
}

/**
 * Orders the work: verifies the graph, folds last-two-axes transposes into the matmuls that read them,
 * drops nodes nothing needs, and records where each value is last read.
 */
export function planGraph(graph: Graph): Plan {
  const types = verifyGraph(graph);
  const producer = new Map<string, GraphNode>();
  for (const node of graph.nodes) for (const o of node.outputs) producer.set(o, node);

  const steps: { node: GraphNode; inputs: string[]; run: StepKernel }[] = graph.nodes.map((node) => {
    const where = `${graph.name}: node '${node.name}' (${node.op})`;
    if (node.op !== 'MatMul') return { node, inputs: [...node.inputs], run: bindKernel(node.op, node.attrs) };
    const inputs = [...node.inputs];
    const trans = inputs.map((name, i) => {
      const p = producer.get(name);
      if (!p || !swapsLastTwo(p) || (types.get(name)?.shape.length ?? 0) < 2) return false;
      inputs[i] = p.inputs[0]!;
      return true;
    });
    const run: StepKernel = (ins) => [matmul(ins[0]!, ins[1]!, trans[0]!, trans[1]!, where)];
    return { node, inputs, run };
  });

  const needed = new Set(graph.outputs.map(outputValue));
  const kept: typeof steps = [];
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (!s.node.outputs.some((o) => needed.has(o))) continue;
    kept.unshift(s);
    for (const name of s.inputs) if (name) needed.add(name);
  }

  const lastUse = new Map<string, number>();
  kept.forEach((s, i) => s.inputs.forEach((name) => name && lastUse.set(name, i)));
  const outputs = new Set(graph.outputs.map(outputValue));
  return {
    types,
    steps: kept.map((s, i) => ({
      where: `${graph.name}: node '${s.node.name}' (${s.node.op})`,
      inputs: s.inputs,
      outputs: s.node.outputs,
      types: s.node.outputs.map((o) => types.get(o)!),
      run: s.run,
      release: [...new Set(s.inputs)].filter((name) => name && lastUse.get(name) === i && !outputs.has(name)),
    })),
  };
}
