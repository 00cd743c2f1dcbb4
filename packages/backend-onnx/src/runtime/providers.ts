/**
 * The onnxruntime-web backends: `onnx-web` (WebAssembly) and `onnx-webgpu` (its WebGPU execution
 * provider, which hands the nodes it lacks to WebAssembly), with compile options to choose the execution
 * providers and the thread count.
 */
import { LayerspecError, type Backend, type Compiled, type Graph } from '@layerspec/spec';
import { onnxBackend, type OnnxCompileOptions } from './backend.js';
import type { OrtModule, SessionOptions } from './ort.js';
import { hasScan } from './session-run.js';
import { startWeb } from './web-env.js';

/** The onnxruntime-web execution providers these backends can ask for. */
export type OnnxExecutionProvider = 'wasm' | 'webgpu';
const PROVIDERS: readonly OnnxExecutionProvider[] = ['wasm', 'webgpu'];

export interface OnnxWebCompileOptions extends OnnxCompileOptions {
  /**
   * Execution providers in order of preference. Default ['wasm'] on onnx-web; on onnx-webgpu ['webgpu'],
   * except ['wasm'] for a graph with a Scan (see `defaultProviders`).
   */
  executionProviders?: readonly OnnxExecutionProvider[];
  /**
   * Threads of the WebAssembly runtime: more than 1 needs a cross-origin isolated page (and is 1 in Node).
   * Global to onnxruntime-web, so fixed by the first graph compiled. Default: up to 4 where isolated, else 1.
   */
  threads?: number;
}

function withSessionOptions(ort: OrtModule, options: SessionOptions): OrtModule {
  return {
    Tensor: ort.Tensor,
    InferenceSession: { create: (model, extra) => ort.InferenceSession.create(model, { ...options, ...extra }) },
  };
}

function checkProviders(where: string, providers: readonly OnnxExecutionProvider[]): void {
  const unknown = providers.filter((p) => !PROVIDERS.includes(p));
  if (providers.length === 0 || unknown.length) {
    throw new LayerspecError(where, `option 'executionProviders' must list some of ${PROVIDERS.join(', ')}, got [${providers.join(', ')}]`);
  }
}

type WebBackendName = 'onnx-web' | 'onnx-webgpu';

/**
 * The providers a graph runs on when the compile options name none: WebAssembly on onnx-web; on
 * onnx-webgpu WebGPU, except for a graph with a Scan (a recurrent layer), which runs on WebAssembly. On
 * WebGPU such graphs ran 20 to 100 times slower (medians of 5 runs in headless Chromium on SwiftShader: an
 * RNN of GRU cells over 4 x 32 steps, 1.0-1.7 s against 9-47 ms; a Bahdanau AttentionWrapper, 1.2-2.4 s
 * against 57-67 ms), and in some full `conformance --browser` runs their padded steps took the new state
 * where the Where should have kept the previous one, which no smaller case reproduced. Naming the
 * providers overrides this.
 */
export function defaultProviders(name: WebBackendName, graph: Graph): readonly OnnxExecutionProvider[] {
  if (name === 'onnx-web' || hasScan(graph)) return ['wasm'];
  return ['webgpu'];
}

function webBackendOn(name: WebBackendName): Backend {
  return {
    name,
    async compile(graph: Graph, options: OnnxWebCompileOptions = {}): Promise<Compiled> {
      const { executionProviders = defaultProviders(name, graph), threads, ...rest } = options;
      checkProviders(graph.name, executionProviders);
      const ort = startWeb(graph.name, threads);
      const sessionOptions: SessionOptions = { executionProviders: [...executionProviders] };
      return onnxBackend(name, async () => withSessionOptions(ort, sessionOptions)).compile(graph, rest);
    },
  };
}

/** onnxruntime-web on WebAssembly, in the browser or in Node. */
export const webBackend: Backend = webBackendOn('onnx-web');

/** onnxruntime-web's WebGPU execution provider (registered where `navigator.gpu` gives an adapter). */
export const webgpuBackend: Backend = webBackendOn('onnx-webgpu');

/** Whether `navigator.gpu` gives an adapter here (false in Node and in browsers without WebGPU). */
export async function hasWebGPU(): Promise<boolean> {
  try {
    const gpu: unknown = Reflect.get(Reflect.get(globalThis, 'navigator') ?? {}, 'gpu');
    if (gpu === null || typeof gpu !== 'object') return false;
    const requestAdapter: unknown = Reflect.get(gpu, 'requestAdapter');
    return typeof requestAdapter === 'function' && !!(await Reflect.apply(requestAdapter, gpu, []));
  } catch {
    return false;
  }
}
