import {
  BoundRuns,
  foldWeightNodes,
  type BindOptions,
  type ConcreteTypes,
  type Graph,
  type HeldWeights,
  type HostTensor,
} from '@layerspec/spec';
import { runGraph } from './executor.js';
import { runHostOnce, safeDispose } from './host-run.js';
import { toTensor } from './kernels/sources.js';
import { wasmRuntimeGeneration, withRuntime, type TfRuntime } from './runtime.js';
import { tf, type Tensor } from './tf.js';

/**
 * A compiled graph with its weights uploaded once, as tensors made from the private copies taken at bind
 * time: each run uploads its inputs only. What the weights alone determine (`foldWeightNodes`: kernels
 * reshaped to heads, scaled by constants) is computed once here too, so each run dispatches fewer ops.
 * The tensors are made again from the copies when the wasm runtime was restarted after a failure, or
 * when something disposed them.
 */
export class TfBound extends BoundRuns {
  private readonly uploaded = new Map<string, Tensor>();
  private generation = wasmRuntimeGeneration();
  private readonly fold = foldWeightNodes(this.held.graph);
  /** The graph each run runs: without the folded nodes, whose results are among the uploaded tensors. */
  private readonly runs: Graph = this.fold?.main ?? this.held.graph;

  private constructor(
    held: HeldWeights,
    bindOptions: BindOptions,
    private readonly runtime: TfRuntime | undefined,
    private readonly training: boolean,
  ) {
    super(held, bindOptions);
  }

  /** Uploads the weights now, on the graph's runtime. */
  static async create(held: HeldWeights, bindOptions: BindOptions, runtime: TfRuntime | undefined, training: boolean): Promise<TfBound> {
    const b = new TfBound(held, bindOptions, runtime, training);
    await withRuntime(runtime, async () => b.tensors());
    return b;
  }

  protected execute(inputs: Record<string, HostTensor>, types: ConcreteTypes): Promise<Record<string, HostTensor>> {
    const { runs: graph, training } = this;
    return withRuntime(this.runtime, () =>
      runHostOnce({ graph, training, inputs, types, weights: () => this.tensors(), wasmOnly: this.runtime === 'wasm' }),
    );
  }

  private tensors(): ReadonlyMap<string, Tensor> {
    if (this.generation !== wasmRuntimeGeneration()) {
      // Uploaded to a wasm module that has since been replaced.
      this.uploaded.clear();
      this.generation = wasmRuntimeGeneration();
    }
    if ([...this.uploaded.values()].some((t) => t.isDisposed)) this.release();
    if (this.uploaded.size === 0) this.upload();
    return this.uploaded;
  }

  /** Uploads the weights the runs read, computing the folded nodes' results from the others. */
  private upload(): void {
    // The held copies are never written, so the cpu backend may keep them as their buffers.
    const all = new Map(this.graph.params.map((p) => [p.name, toTensor(this.held.weights[p.name]!)]));
    if (this.fold) {
      const { prep } = this.fold;
      const made = tf.tidy(() => runGraph(prep, new Map(prep.inputs.map((v) => [v.name, all.get(v.name)!])), this.training));
      prep.outputs.forEach((o, i) => all.set(o.name, made[i]!));
    }
    const kept = new Set<Tensor>();
    for (const p of this.runs.params) {
      this.uploaded.set(p.name, all.get(p.name)!);
      kept.add(all.get(p.name)!);
    }
    for (const t of all.values()) if (!kept.has(t)) t.dispose();
  }

  protected release(): void {
    // A wasm module that failed since the upload cannot free them, and is gone anyway.
    if (this.generation === wasmRuntimeGeneration()) for (const t of this.uploaded.values()) safeDispose(t);
    this.uploaded.clear();
  }
}
