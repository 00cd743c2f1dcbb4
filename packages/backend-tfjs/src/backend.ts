import {
  LayerspecError,
  WeightSnapshot,
  bindRunTypes,
  optimizeGraph,
  type Backend,
  type BindOptions,
  type ConcreteTypes,
  type Compiled,
  type CompileOptions,
  type Graph,
  type HostTensor,
} from '@layerspec/spec';
import { runGraph, runGraphAsync } from './executor.js';
import { TF_RUNTIME_PROFILES } from './profiles.js';
import { toTensor } from './kernels/sources.js';
import { isWasmAbort, restartWasm, wasmRuntimeGeneration, withRuntime, type TfRuntime } from './runtime.js';
import { tf, type Tensor } from './tf.js';

export async function toHostTensor(t: Tensor): Promise<HostTensor> {
  const values = await t.data();
  if (t.dtype === 'float32') return { dtype: 'float32', shape: [...t.shape], data: Float32Array.from(values) };
  if (t.dtype === 'int32') return { dtype: 'int32', shape: [...t.shape], data: Int32Array.from(values) };
  return { dtype: 'bool', shape: [...t.shape], data: Uint8Array.from(values) };
}

/** Disposes `t`, unless its runtime's module has failed, when disposing would throw a second error. */
function safeDispose(t: Tensor): void {
  try {
    t.dispose();
  } catch (e) {
    if (!isWasmAbort(e)) throw e;
  }
}

/** Any non-zero byte of a bool tensor is true: TensorFlow.js's cpu kernels only read 1 as true. */
function normalizedBools(t: HostTensor): HostTensor {
  if (t.dtype !== 'bool' || t.data.every((v) => v === 0 || v === 1)) return t;
  return { dtype: 'bool', shape: t.shape, data: Uint8Array.from(t.data, (v) => (v !== 0 ? 1 : 0)) };
}

class TfCompiled implements Compiled {
  /** Private copies of the weights last uploaded: a run re-uploads only the weights whose contents changed. */
  private readonly snapshot = new WeightSnapshot();
  private readonly uploaded = new Map<string, Tensor>();
  private disposed = false;
  /** Runs started and not yet ended: dispose() waits for them before it frees the weights. */
  private active = 0;
  private generation = wasmRuntimeGeneration();

  constructor(
    private readonly graph: Graph,
    private readonly runtime: TfRuntime | undefined,
    private readonly training: boolean,
    private readonly bindOptions: BindOptions,
  ) {}

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

  /** `execute`, restarting the wasm runtime when its module failed, so the next run starts clean. */
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
    try {
      return await this.execute(inputs, weights, types);
    } catch (e) {
      if (tf.getBackend() === 'wasm' && isWasmAbort(e)) await restartWasm();
      throw e;
    }
  }

  private async execute(
    inputs: Record<string, HostTensor>,
    weights: Record<string, HostTensor>,
    types: ConcreteTypes,
  ): Promise<Record<string, HostTensor>> {
    const fed: Tensor[] = [];
    try {
      const env = new Map<string, Tensor>();
      for (const v of this.graph.inputs) {
        const t = toTensor(normalizedBools(inputs[v.name]!));
        fed.push(t);
        env.set(v.name, t);
      }
      this.upload(weights);
      for (const p of this.graph.params) env.set(p.name, this.uploaded.get(p.name)!);
      // WebGPU reads host values asynchronously only (kernels/host-ints.ts).
      const outputs =
        tf.getBackend() === 'webgpu'
          ? await runGraphAsync(this.graph, env, this.training, types)
          : tf.tidy(() => runGraph(this.graph, env, this.training, types));
      try {
        const host = await Promise.all(outputs.map(toHostTensor));
        return Object.fromEntries(this.graph.outputs.map((o, i) => [o.name, host[i]!]));
      } finally {
        for (const t of outputs) safeDispose(t);
      }
    } finally {
      for (const t of fed) safeDispose(t);
    }
  }

  /** Uploads each weight whose contents changed since the last run (all of them on the first). */
  private upload(weights: Record<string, HostTensor>): void {
    if ([...this.uploaded.values()].some((t) => t.isDisposed)) this.release();
    for (const name of this.snapshot.update(this.graph, weights)) {
      this.uploaded.get(name)?.dispose();
      // The snapshot's copy is never written again, so the cpu backend may keep it as its buffer.
      this.uploaded.set(name, toTensor(this.snapshot.get(name)));
    }
  }

  private release(): void {
    for (const t of this.uploaded.values()) t.dispose();
    this.uploaded.clear();
    this.snapshot.clear();
  }

  dispose(): void {
    this.disposed = true;
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
