import { BoundRuns, type BindOptions, type ConcreteTypes, type HeldWeights, type HostTensor } from '@layerspec/spec';
import { runHostOnce } from './host-run.js';
import { toTensor } from './kernels/sources.js';
import { wasmRuntimeGeneration, withRuntime, type TfRuntime } from './runtime.js';
import type { Tensor } from './tf.js';

/**
 * A compiled graph with its weights uploaded once, as tensors made from the private copies taken at bind
 * time: each run uploads its inputs only. The tensors are made again from the copies when the wasm
 * runtime was restarted after a failure, or when something disposed them.
 */
export class TfBound extends BoundRuns {
  private readonly uploaded = new Map<string, Tensor>();
  private generation = wasmRuntimeGeneration();

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
    const { graph, training } = this;
    return withRuntime(this.runtime, () => runHostOnce({ graph, training, inputs, types, weights: () => this.tensors() }));
  }

  private tensors(): ReadonlyMap<string, Tensor> {
    if (this.generation !== wasmRuntimeGeneration()) {
      // Uploaded to a wasm module that has since been replaced.
      this.uploaded.clear();
      this.generation = wasmRuntimeGeneration();
    }
    if ([...this.uploaded.values()].some((t) => t.isDisposed)) this.release();
    if (this.uploaded.size === 0) {
      // The held copies are never written, so the cpu backend may keep them as its buffers.
      for (const p of this.graph.params) this.uploaded.set(p.name, toTensor(this.held.weights[p.name]!));
    }
    return this.uploaded;
  }

  /** How many weight tensors are uploaded (0 once disposed). */
  get uploadedCount(): number {
    return this.uploaded.size;
  }

  protected release(): void {
    for (const t of this.uploaded.values()) t.dispose();
    this.uploaded.clear();
  }
}
