import { LayerspecError, formatShape, outputValue, type Graph } from '@layerspec/spec';
import type { KernelContext } from './kernels/types.js';
import { planGraph, type Plan, type Step } from './plan.js';
import type { MemoryMeter } from './memory-meter.js';
import type { RefTensor } from './ref-tensor.js';

/** Each computed shape must agree with the static dims inference promised, and with the bound symbols. */
function checkOutputs(step: Step, outs: readonly RefTensor[], bound: ReadonlyMap<string, number>): void {
  if (outs.length !== step.outputs.length) {
    throw new LayerspecError(step.where, `produced ${outs.length} outputs, expected ${step.outputs.length}`);
  }
  outs.forEach((t, i) => {
    const type = step.types[i]!;
    const ok =
      t.shape.length === type.shape.length &&
      type.shape.every((d, j) => {
        const expected = typeof d === 'number' ? d : bound.get(d);
        return expected === undefined || expected === t.shape[j];
      });
    if (!ok || t.dtype !== type.dtype) {
      throw new LayerspecError(step.where, `computed ${t.dtype}${formatShape(t.shape)}, inferred ${type.dtype}${formatShape(type.shape)}`);
    }
  });
}

/** Plans of subgraphs (Scan bodies): made on first use, reused for every step and every run. */
const subplans = new WeakMap<Graph, Plan>();

/** Runs plans, and the subgraphs their Scan nodes call, for one run of a compiled graph. */
export class Executor {
  constructor(
    private readonly training: boolean,
    private readonly runIndex: number,
    private readonly meter: MemoryMeter,
  ) {}

  /** Runs `plan` over `env` (graph inputs and weights already in it); returns the graph outputs. */
  execute(plan: Plan, graph: Graph, env: Map<string, RefTensor>, bound: ReadonlyMap<string, number>): RefTensor[] {
    const ctx: Omit<KernelContext, 'where'> = {
      training: this.training,
      runIndex: this.runIndex,
      runGraph: (sub, inputs) => this.runSubgraph(sub, inputs),
    };
    for (const step of plan.steps) {
      const ins = step.inputs.map((name) => (name === '' ? undefined : env.get(name)));
      const outs = step.run(ins, { ...ctx, where: step.where });
      checkOutputs(step, outs, bound);
      step.outputs.forEach((name, i) => {
        this.meter.hold(outs[i]!);
        env.set(name, outs[i]!);
      });
      for (const name of step.release) {
        const t = env.get(name);
        if (t) this.meter.release(t);
        env.delete(name);
      }
    }
    return graph.outputs.map((o) => env.get(outputValue(o))!);
  }

  private runSubgraph(graph: Graph, inputs: readonly RefTensor[]): RefTensor[] {
    let plan = subplans.get(graph);
    if (!plan) {
      plan = planGraph(graph);
      subplans.set(graph, plan);
    }
    const env = new Map<string, RefTensor>();
    graph.inputs.forEach((v, i) => env.set(v.name, inputs[i]!));
    const outputs = this.execute(plan, graph, env, new Map());
    // The calling kernel copies what it keeps into its own outputs, which the outer plan counts;
    // a step's slices and carried states are small and not counted.
    for (const t of outputs) if (!inputs.includes(t)) this.meter.release(t);
    return outputs;
  }
}
