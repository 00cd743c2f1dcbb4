import {
  BoundSet,
  LayerspecError,
  WeightSnapshot,
  bindRunTypes,
  holdWeights,
  type BoundCompiled,
  optimizeGraph,
  type Backend,
  type BindOptions,
  type ConcreteTypes,
  type Compiled,
  type CompileOptions,
  type Graph,
  type HostTensor,
} from '@layerspec/spec';
import { TfBound } from './bound.js';
import { runHostOnce } from './host-run.js';
import { TF_RUNTIME_PROFILES } from './profiles.js';
import { toTensor } from './kernels/sources.js';
import { wasmRuntimeGeneration, withRuntime, type TfRuntime } from './runtime.js';
import type { Tensor } from './tf.js';

export { toHostTensor } from './host-run.js';

class TfCompiled implements Compiled {
  /** Private copies of the weights last uploaded: a run re-uploads only the weights whose contents changed. */
  private readonly snapshot = new WeightSnapshot();
  private readonly uploaded = new Map<string, Tensor>();
  private disposed = false;
  /** Runs started and not yet ended: dispose() waits for them before it frees the weights. */
  private active = 0;
  private generation = wasmRuntimeGeneration();
  private readonly bound: BoundSet;

  constructor(
    private readonly graph: Graph,
    private readonly runtime: TfRuntime | undefined,
    private readonly training: boolean,
    private readonly bindOptions: BindOptions,
  ) {
    this.bound = new BoundSet(graph.name);
  }

  async run(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.disposed) throw new LayerspecError(this.graph.name, 'this compiled graph was disposed');
    const { types } = bindRunTypes(this.graph, inputs, weights, this.bindOptions);
    this.active++;
    try {
      return await withRuntime(this.runtime, () => this.executeOnce(inputs, weights, types));
    } finally {
      this.active--;
      if (this.disposed && this.active === 0) this.release();
    }
  }

  /** Runs on the graph's runtime with the weights uploaded (only those changed since the last run). */
  private async executeOnce(
    inputs: Record<string, HostTensor>,
    weights: Record<string, HostTensor>,
    types: ConcreteTypes,
  ): Promise<Record<string, HostTensor>> {
    if (this.generation !== wasmRuntimeGeneration()) {
      // Uploaded to a wasm module that has since been replaced.
      this.uploaded.clear();
      this.snapshot.clear();
      this.generation = wasmRuntimeGeneration();
    }
    const { graph, training } = this;
    return runHostOnce({ graph, training, inputs, types, weights: () => this.upload(weights), wasmOnly: this.runtime === 'wasm' });
  }

  /** Uploads each weight whose contents changed since the last run (all of them on the first). */
  private upload(weights: Record<string, HostTensor>): ReadonlyMap<string, Tensor> {
    if ([...this.uploaded.values()].some((t) => t.isDisposed)) this.release();
    for (const name of this.snapshot.update(this.graph, weights)) {
      this.uploaded.get(name)?.dispose();
      // The snapshot's copy is never written again, so the cpu backend may keep it as its buffer.
      this.uploaded.set(name, toTensor(this.snapshot.get(name)));
    }
    return this.uploaded;
  }

  private release(): void {
    for (const t of this.uploaded.values()) t.dispose();
    this.uploaded.clear();
    this.snapshot.clear();
  }

  /** Checks and copies the weights, and uploads them once: the runner's runs upload their inputs only. */
  async bind(weights: Record<string, HostTensor>): Promise<BoundCompiled> {
    this.bound.check();
    const held = holdWeights(this.graph, weights);
    return this.bound.add(await TfBound.create(held, this.bindOptions, this.runtime, this.training));
  }

  dispose(): void {
    this.disposed = true;
    this.bound.disposeAll();
    if (this.active === 0) this.release();
  }
}

export interface TfCompileOptions extends CompileOptions {}

function tfBackend(name: string, runtime: TfRuntime | undefined): Backend {
  return {
    name,
    async compile(graph: Graph, options: TfCompileOptions = {}): Promise<Compiled> {
      if (runtime) await withRuntime(runtime, async () => undefined);
      const profile = TF_RUNTIME_PROFILES[runtime ?? 'any'];
      const limit = options.memoryLimitBytes ?? profile.memoryLimitBytes;
      return new TfCompiled(optimizeGraph(graph, { ...options, devicePasses: profile.devicePasses }), runtime, options.training ?? false, {
        memoryLimitBytes: limit,
      });
    },
  };
}

/** Runs on TensorFlow.js's `cpu` backend (pure JavaScript). */
export const cpuBackend: Backend = tfBackend('tfjs-cpu', 'cpu');
/** Runs on TensorFlow.js's `wasm` backend (WebAssembly with SIMD), its binaries loaded from the installed package. */
export const wasmBackend: Backend = tfBackend('tfjs-wasm', 'wasm');
/** Runs on whatever TensorFlow.js backend is active when `run` is called. */
export const backend: Backend = tfBackend('tfjs', undefined);
/** Runs on TensorFlow.js's `webgl` backend (registered in pages that give a WebGL context). */
export const webglBackend: Backend = tfBackend('tfjs-webgl', 'webgl');
/** Runs on TensorFlow.js's `webgpu` backend (registered where `navigator.gpu` gives an adapter). */
export const webgpuBackend: Backend = tfBackend('tfjs-webgpu', 'webgpu');
