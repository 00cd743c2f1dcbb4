import {
  LayerspecError, bindRun,
  type Backend, type Compiled, type CompileOptions, type Graph, type HostTensor,
} from '@layerspec/spec';
import { runGraph } from './executor.js';
import { toTensor } from './kernels/sources.js';
import { useRuntime, type TfRuntime } from './runtime.js';
import { tf, type Tensor } from './tf.js';

export async function toHostTensor(t: Tensor): Promise<HostTensor> {
  const values = await t.data();
  if (t.dtype === 'float32') return { dtype: 'float32', shape: [...t.shape], data: Float32Array.from(values) };
  if (t.dtype === 'int32') return { dtype: 'int32', shape: [...t.shape], data: Int32Array.from(values) };
  return { dtype: 'bool', shape: [...t.shape], data: Uint8Array.from(values) };
}

class TfCompiled implements Compiled {
  /** Weights are uploaded once per HostTensor data array and reused by later runs. */
  private readonly weightCache = new Map<string, { data: HostTensor['data']; tensor: Tensor }>();
  private disposed = false;

  constructor(
    private readonly graph: Graph,
    private readonly runtime: TfRuntime | undefined,
    private readonly training: boolean,
  ) {}

  async run(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.disposed) throw new LayerspecError(this.graph.name, 'this compiled graph was disposed');
    bindRun(this.graph, inputs, weights);
    if (this.runtime) await useRuntime(this.runtime);
    const fed: Tensor[] = [];
    try {
      const env = new Map<string, Tensor>();
      for (const v of this.graph.inputs) {
        const t = toTensor(inputs[v.name]!);
        fed.push(t);
        env.set(v.name, t);
      }
      for (const p of this.graph.params) env.set(p.name, this.weight(p.name, weights[p.name]!));
      const outputs = tf.tidy(() => runGraph(this.graph, env, this.training));
      try {
        const host = await Promise.all(outputs.map(toHostTensor));
        return Object.fromEntries(this.graph.outputs.map((o, i) => [o.name, host[i]!]));
      } finally {
        for (const t of outputs) t.dispose();
      }
    } finally {
      for (const t of fed) t.dispose();
    }
  }

  private weight(name: string, host: HostTensor): Tensor {
    const cached = this.weightCache.get(name);
    if (cached && cached.data === host.data && !cached.tensor.isDisposed) return cached.tensor;
    cached?.tensor.dispose();
    const tensor = toTensor(host);
    this.weightCache.set(name, { data: host.data, tensor });
    return tensor;
  }

  dispose(): void {
    this.disposed = true;
    for (const { tensor } of this.weightCache.values()) tensor.dispose();
    this.weightCache.clear();
  }
}

export interface TfCompileOptions extends CompileOptions {}

function tfBackend(name: string, runtime: TfRuntime | undefined): Backend {
  return {
    name,
    async compile(graph: Graph, options: TfCompileOptions = {}): Promise<Compiled> {
      if (runtime) await useRuntime(runtime);
      return new TfCompiled(graph, runtime, options.training ?? false);
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
