import {
  BoundSet,
  LayerspecError,
  WeightSnapshot,
  bindRun,
  holdWeights,
  type BoundCompiled,
  optimizeGraph,
  rejectEmptyDims,
  type Backend,
  type BindOptions,
  type Compiled,
  type CompileOptions,
  type Graph,
  checkOneOf,
  chooseComposites,
  type HostTensor,
} from '@layerspec/spec';
import { ATTENTION_FORMS, chooseAttentionForms, type AttentionForm } from '../export/attention-form.js';
import { exportOnnx, onnxOutputNames } from '../export/export.js';
import type { Opset } from '../export/opset.js';
import { LAYER_NORM_FORMS, type LayerNormForm } from './layer-norm-form.js';
import { OnnxBound } from './bound.js';
import { loadNode, type OrtModule, type OrtSession } from './ort.js';
import { ONNX_BACKEND_PROFILES, type OnnxBackendName } from './profiles.js';
import { createSession, hasScan, runSession } from './session-run.js';

export interface OnnxCompileOptions extends CompileOptions {
  /** The ONNX opset the graph is exported at. Default 17. */
  opset?: Opset;
  /** How attention regions are written (see ExportOptions); default the backend profile's (profiles.ts). */
  attention?: AttentionForm;
  /** How LayerNormalization is written: 'native' (the ONNX op) or 'decomposed'; default the backend profile's. */
  layerNorm?: LayerNormForm;
}

/** One InferenceSession, with the runs using it: it is released once retired and no run uses it. */
interface SessionEntry {
  readonly session: Promise<OrtSession>;
  users: number;
  retired: boolean;
  released: boolean;
}

/** onnxruntime's Scan divides by zero on an empty batch or sequence, which kills onnxruntime-node's process. */
const SCAN_EMPTY = "onnxruntime's Scan divides by zero on an empty batch or sequence";

/**
 * One graph on onnxruntime: exported with its weights as initializers into one InferenceSession, shared
 * by every run while the weights' contents stay the same (concurrent first runs share its creation), and
 * recreated when they change, whether the caller passed new arrays or changed the old ones in place.
 */
class OnnxCompiled implements Compiled {
  private current: SessionEntry | undefined;
  private readonly snapshot = new WeightSnapshot();
  private disposed = false;
  private readonly outputNames: string[];
  private readonly rejectEmpty: boolean;
  private readonly bound: BoundSet;

  constructor(
    private readonly ort: OrtModule,
    private readonly graph: Graph,
    private readonly opset: Opset,
    private readonly bindOptions: BindOptions,
  ) {
    this.bound = new BoundSet(graph.name);
    this.outputNames = onnxOutputNames(graph);
    this.rejectEmpty = hasScan(graph);
  }

  async run(inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.disposed) throw new LayerspecError(this.graph.name, 'this compiled graph was disposed');
    bindRun(this.graph, inputs, weights, this.bindOptions);
    if (this.rejectEmpty) rejectEmptyDims(this.graph, inputs, SCAN_EMPTY);
    const entry = this.entryFor(weights);
    entry.users++;
    try {
      return await runSession(this.ort, this.graph, this.outputNames, await entry.session, inputs);
    } finally {
      entry.users--;
      this.releaseIfUnused(entry);
    }
  }

  /** A session created now with the weights (copied) as initializers; its runs feed the inputs only. */
  async bind(weights: Record<string, HostTensor>): Promise<BoundCompiled> {
    this.bound.check();
    const held = holdWeights(this.graph, weights);
    const { ort, opset, outputNames, bindOptions } = this;
    const rejectEmpty = this.rejectEmpty ? SCAN_EMPTY : undefined;
    return this.bound.add(await OnnxBound.create(held, { ort, opset, outputNames, bindOptions, rejectEmpty }));
  }

  /** The session for these weights: the current one while their contents are unchanged, else a new one. */
  private entryFor(weights: Record<string, HostTensor>): SessionEntry {
    const changed = this.snapshot.update(this.graph, weights);
    if (this.current && changed.length === 0) return this.current;
    this.retire(this.current);
    const held: Record<string, HostTensor> = {};
    for (const p of this.graph.params) held[p.name] = this.snapshot.get(p.name);
    const entry: SessionEntry = {
      session: createSession(this.ort, this.graph, held, this.opset),
      users: 0,
      retired: false,
      released: false,
    };
    entry.session.catch(() => {
      // A session that failed to load is forgotten, so the next run tries again.
      if (this.current === entry) {
        this.current = undefined;
        this.snapshot.clear();
      }
    });
    this.current = entry;
    return entry;
  }

  private retire(entry: SessionEntry | undefined): void {
    if (!entry) return;
    entry.retired = true;
    this.releaseIfUnused(entry);
  }

  private releaseIfUnused(entry: SessionEntry): void {
    if (!entry.retired || entry.users > 0 || entry.released) return;
    entry.released = true;
    // Nothing is left to clean up when a release (or the creation) fails.
    entry.session.then((s) => s.release()).catch(() => undefined);
  }

  dispose(): void {
    this.disposed = true;
    this.bound.disposeAll();
    const entry = this.current;
    this.current = undefined;
    this.snapshot.clear();
    this.retire(entry);
  }
}

export function onnxBackend(name: OnnxBackendName, load: () => Promise<OrtModule>): Backend {
  const profile = ONNX_BACKEND_PROFILES[name];
  return {
    name,
    async compile(graph: Graph, options: OnnxCompileOptions = {}): Promise<Compiled> {
      if (options.training)
        throw new LayerspecError(graph.name, `backend '${name}' exports for inference only; training mode is not supported`);
      const opset = options.opset ?? 17;
      const attention = checkOneOf(options.attention ?? profile.attention, ATTENTION_FORMS, 'exportOnnx', 'attention');
      const layerNorm = checkOneOf(options.layerNorm ?? profile.layerNorm, LAYER_NORM_FORMS, 'compile', 'layerNorm');
      const chosen = chooseComposites(graph, 'LayerNormalization', () => layerNorm === 'native');
      const optimized = optimizeGraph(chooseAttentionForms(chosen, opset, attention), { ...options, devicePasses: profile.devicePasses });
      // Export once now, so an op the opset cannot express fails at compile time.
      exportOnnx(optimized, undefined, { opset, weightsAs: 'inputs', passes: false });
      const memoryLimitBytes = options.memoryLimitBytes ?? profile.memoryLimitBytes;
      return new OnnxCompiled(await load(), optimized, opset, { memoryLimitBytes });
    },
  };
}

/** onnxruntime-node (native), or undefined where onnxruntime-node is not installed. */
export async function loadNodeBackend(): Promise<Backend | undefined> {
  const ort = await loadNode();
  return ort ? onnxBackend('onnx-node', async () => ort) : undefined;
}
