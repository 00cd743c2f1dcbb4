import {
  LayerspecError, bindRun,
  type Backend, type Compiled, type CompileOptions, type Graph, type HostTensor,
} from '@layerspec/spec';
import { exportOnnx, onnxOutputNames } from '../export/export.js';
import type { Opset } from '../export/opset.js';
import { fromOrt, loadNode, loadWeb, toOrt, type OrtModule, type OrtSession, type OrtTensor } from './ort.js';

export interface OnnxCompileOptions extends CompileOptions {
  /** The ONNX opset the graph is exported at. Default 17. */
  opset?: Opset;
}

/**
 * One graph on onnxruntime: exported with its weights as initializers and one InferenceSession created on
 * the first run, reused while the same weight arrays are passed, recreated when they change.
 */
class OnnxCompiled implements Compiled {
  private session: OrtSession | undefined;
  private sessionWeights: Map<string, HostTensor['data']> | undefined;
  private disposed = false;
  private readonly outputNames: string[];

  constructor(
    private readonly ort: OrtModule,
    private readonly graph: Graph,
    private readonly opset: Opset,
  ) {
    this.outputNames = onnxOutputNames(graph);
  }

  async run(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.disposed) throw new LayerspecError(this.graph.name, 'this compiled graph was disposed');
    bindRun(this.graph, inputs, weights);
    const session = await this.sessionFor(weights);
    const feeds: Record<string, OrtTensor> = {};
    for (const v of this.graph.inputs) feeds[v.name] = toOrt(this.ort, inputs[v.name]!);
    const results = await session.run(feeds, this.outputNames);
    try {
      const out: Record<string, HostTensor> = {};
      this.graph.outputs.forEach((o, i) => {
        const t = results[this.outputNames[i]!];
        if (!t) throw new LayerspecError(this.graph.name, `onnxruntime returned no output '${this.outputNames[i]}'`);
        out[o.name] = fromOrt(t, `${this.graph.name}: output '${o.name}'`);
      });
      return out;
    } finally {
      for (const t of Object.values(results)) t.dispose();
      for (const t of Object.values(feeds)) t.dispose();
    }
  }

  private async sessionFor(weights: Record<string, HostTensor>): Promise<OrtSession> {
    const same = this.session && this.sessionWeights && this.graph.params.every((p) => this.sessionWeights!.get(p.name) === weights[p.name]!.data);
    if (same && this.session) return this.session;
    await this.releaseSession();
    const picked: Record<string, HostTensor> = {};
    for (const p of this.graph.params) picked[p.name] = weights[p.name]!;
    const bytes = exportOnnx(this.graph, picked, { opset: this.opset, weightsAs: 'initializers' });
    this.session = await this.ort.InferenceSession.create(bytes);
    this.sessionWeights = new Map(this.graph.params.map((p) => [p.name, weights[p.name]!.data]));
    return this.session;
  }

  private async releaseSession(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    this.sessionWeights = undefined;
    if (s) await s.release();
  }

  dispose(): void {
    this.disposed = true;
    // dispose() is synchronous; a failed release has nothing left to clean up.
    this.releaseSession().catch(() => undefined);
  }
}

export function onnxBackend(name: string, load: () => Promise<OrtModule>): Backend {
  return {
    name,
    async compile(graph: Graph, options: OnnxCompileOptions = {}): Promise<Compiled> {
      if (options.training) throw new LayerspecError(graph.name, `backend '${name}' exports for inference only; training mode is not supported`);
      const opset = options.opset ?? 17;
      // Export once now, so an op the opset cannot express fails at compile time.
      exportOnnx(graph, undefined, { opset, weightsAs: 'inputs' });
      return new OnnxCompiled(await load(), graph, opset);
    },
  };
}

/** onnxruntime-web (WebAssembly), in the browser or in Node. */
export const webBackend: Backend = onnxBackend('onnx-web', async () => loadWeb());

/** onnxruntime-node (native), or undefined where onnxruntime-node is not installed. */
export async function loadNodeBackend(): Promise<Backend | undefined> {
  const ort = await loadNode();
  return ort ? onnxBackend('onnx-node', async () => ort) : undefined;
}
