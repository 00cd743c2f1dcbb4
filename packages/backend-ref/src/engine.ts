import {
  BoundRuns,
  BoundSet,
  LayerspecError,
  bindRun,
  holdWeights,
  type BindOptions,
  type BoundCompiled,
  type ConcreteTypes,
  type HeldWeights,
  optimizeGraph,
  type Backend,
  type Compiled,
  type CompileOptions,
  type Graph,
  type HostTensor,
} from '@layerspec/spec';
import { Executor } from './executor.js';
import { MemoryMeter } from './memory-meter.js';
import { planGraph, type Plan } from './plan.js';
import { fromHost, toHost, type RefTensor } from './ref-tensor.js';

/** What the last run of a compiled graph used. */
export interface RefRunStats {
  /** Peak bytes of tensor data held at once: inputs and weights (as float64), intermediates, outputs. */
  peakTensorBytes: number;
}

export class RefCompiled implements Compiled {
  private runs = 0;
  private disposed = false;
  private readonly bound: BoundSet;
  /** Set after each run, by `run` and by the runs of its bound runners. */
  lastRun: RefRunStats | undefined;

  constructor(
    private readonly graph: Graph,
    private readonly plan: Plan,
    private readonly training: boolean,
    private readonly memoryLimitBytes: number,
  ) {
    this.bound = new BoundSet(graph.name);
  }

  async run(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.disposed) throw new LayerspecError(this.graph.name, 'this compiled graph was disposed');
    const bound = bindRun(this.graph, inputs, weights, this.bindOptions());
    const held = new Map<string, RefTensor>();
    for (const p of this.graph.params) held.set(p.name, fromHost(weights[p.name]!));
    return this.execute(inputs, held, bound);
  }

  /** Runs on checked inputs with the weights as engine tensors (held by a bound runner, or converted per run). */
  execute(
    inputs: Record<string, HostTensor>,
    weights: ReadonlyMap<string, RefTensor>,
    bound: ReadonlyMap<string, number>,
  ): Record<string, HostTensor> {
    const env = new Map<string, RefTensor>();
    const meter = new MemoryMeter();
    const hold = (name: string, t: RefTensor): void => {
      meter.hold(t);
      env.set(name, t);
    };
    for (const v of this.graph.inputs) hold(v.name, fromHost(inputs[v.name]!));
    for (const p of this.graph.params) hold(p.name, weights.get(p.name)!);
    const outputs = new Executor(this.training, this.runs++, meter).execute(this.plan, this.graph, env, bound);
    this.lastRun = { peakTensorBytes: meter.peakBytes };
    const result: Record<string, HostTensor> = {};
    this.graph.outputs.forEach((o, i) => (result[o.name] = toHost(outputs[i]!)));
    return result;
  }

  bindOptions(): BindOptions {
    return { memoryLimitBytes: this.memoryLimitBytes, bytesPerElement: REF_BYTES };
  }

  /** The weights converted to the engine's float64 tensors once; each run converts only its inputs. */
  async bind(weights: Record<string, HostTensor>): Promise<BoundCompiled> {
    if (this.disposed) throw new LayerspecError(this.graph.name, 'this compiled graph was disposed');
    return this.bound.add(new RefBound(this, holdWeights(this.graph, weights)));
  }

  /** How many bound runners are open (not yet disposed). */
  get boundCount(): number {
    return this.bound.size;
  }

  dispose(): void {
    this.disposed = true;
    this.bound.disposeAll();
  }
}

class RefBound extends BoundRuns {
  private tensors: Map<string, RefTensor> | undefined;

  constructor(
    private readonly compiled: RefCompiled,
    held: HeldWeights,
  ) {
    super(held, compiled.bindOptions());
    this.tensors = new Map(Object.entries(held.weights).map(([name, w]) => [name, fromHost(w)]));
  }

  protected async execute(
    inputs: Record<string, HostTensor>,
    _types: ConcreteTypes,
    sizes: Map<string, number>,
  ): Promise<Record<string, HostTensor>> {
    return this.compiled.execute(inputs, this.tensors!, sizes);
  }

  protected release(): void {
    this.tensors = undefined;
  }
}

export interface RefCompileOptions extends CompileOptions {}

/** The engine holds floats as float64. */
const REF_BYTES = { float32: 8, int32: 4, bool: 1 } as const;

/** The default memory limit (of float64 tensors): 8 GiB. */
export const DEFAULT_MEMORY_LIMIT_BYTES = 8 * 1024 ** 3;

/** The reference engine: exact (float64 inside), plain TypeScript, the oracle of the other backends. */
export const backend = {
  name: 'ref',
  async compile(graph: Graph, options: RefCompileOptions = {}): Promise<RefCompiled> {
    const optimized = optimizeGraph(graph, options);
    return new RefCompiled(
      optimized,
      planGraph(optimized),
      options.training ?? false,
      options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES,
    );
  },
} satisfies Backend;
