import {
  LayerspecError, bindRun, formatShape,
  type Backend, type Compiled, type CompileOptions, type Graph, type HostTensor,
} from '@layerspec/spec';
import { planGraph, type Plan, type Step } from './plan.js';
import { fromHost, toHost, type RefTensor } from './ref-tensor.js';

/** Each computed shape must agree with the static dims inference promised, and with the bound symbols. */
function checkOutputs(step: Step, outs: readonly RefTensor[], bound: ReadonlyMap<string, number>): void {
  if (outs.length !== step.outputs.length) {
    throw new LayerspecError(step.where, `produced ${outs.length} outputs, expected ${step.outputs.length}`);
  }
  outs.forEach((t, i) => {
    const type = step.types[i]!;
    const ok = t.shape.length === type.shape.length && type.shape.every((d, j) => {
      const expected = typeof d === 'number' ? d : bound.get(d);
      return expected === undefined || expected === t.shape[j];
    });
    if (!ok || t.dtype !== type.dtype) {
      throw new LayerspecError(step.where, `computed ${t.dtype}${formatShape(t.shape)}, inferred ${type.dtype}${formatShape(type.shape)}`);
    }
  });
}

class RefCompiled implements Compiled {
  private runs = 0;
  private disposed = false;

  constructor(
    private readonly graph: Graph,
    private readonly plan: Plan,
    private readonly training: boolean,
  ) {}

  async run(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.disposed) throw new LayerspecError(this.graph.name, 'this compiled graph was disposed');
    const bound = bindRun(this.graph, inputs, weights);
    const env = new Map<string, RefTensor>();
    for (const v of this.graph.inputs) env.set(v.name, fromHost(inputs[v.name]!));
    for (const p of this.graph.params) env.set(p.name, fromHost(weights[p.name]!));
    const ctx = { training: this.training, runIndex: this.runs++ };
    for (const step of this.plan.steps) {
      const ins = step.inputs.map((name) => (name === '' ? undefined : env.get(name)));
      const outs = step.run(ins, { ...ctx, where: step.where });
      checkOutputs(step, outs, bound);
      step.outputs.forEach((name, i) => env.set(name, outs[i]!));
      for (const name of step.release) env.delete(name);
    }
    const result: Record<string, HostTensor> = {};
    for (const o of this.graph.outputs) result[o.name] = toHost(env.get(o.name)!);
    return result;
  }

  dispose(): void {
    this.disposed = true;
  }
}

export interface RefCompileOptions extends CompileOptions {}

/** The reference engine: exact (float64 inside), plain TypeScript, the oracle of the other backends. */
export const backend: Backend = {
  name: 'ref',
  async compile(graph: Graph, options: RefCompileOptions = {}): Promise<Compiled> {
    return new RefCompiled(graph, planGraph(graph), options.training ?? false);
  },
};
