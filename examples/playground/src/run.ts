/**
 * One run of the settings: the layer built from its config and build options, its weights from the seed,
 * then every chosen backend compiled (timed apart), run once (the first-run time) and `runs` more times
 * (the median), each compared with the reference engine. Compiled models are disposed whatever happens.
 */
import { createLayer, getBackend, initWeights, type Graph, type HostTensor, type Layer } from '@layerspec/spec';
import { inputTypes, makeInputs } from './inputs.js';
import type { Settings } from './settings.js';

export interface BackendResult {
  backend: string;
  outputs: Record<string, HostTensor>;
  /** Largest |difference| from ref over every output element; NaN when a value is NaN on one side only. */
  maxDiff: number;
  /** Agreement: maxDiff <= 1e-4 * max(1, largest |ref output|), float32 against the float64 reference. */
  agrees: boolean;
  compileMs: number;
  firstMs: number;
  medianMs: number;
}

export interface Built {
  layer: Layer<object, object>;
  graph: Graph;
  weights: Record<string, HostTensor>;
  inputs: Record<string, HostTensor>;
}

/** The layer, graph, weights and inputs of the settings; a bad setting throws the library's LayerspecError. */
export function buildSettings(settings: Settings): Built {
  const layer = createLayer(settings.layer, settings.config);
  const types = inputTypes(settings, layer.declaration.inputs);
  const graph = layer.build(types, settings.buildOptions);
  const weights = initWeights(graph, { seed: settings.seed });
  return { layer, graph, weights, inputs: makeInputs(settings, types) };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function maxDiff(a: Record<string, HostTensor>, ref: Record<string, HostTensor>): number {
  let worst = 0;
  for (const [name, r] of Object.entries(ref)) {
    const x = a[name];
    if (!x || x.data.length !== r.data.length) return Number.NaN;
    for (let i = 0; i < r.data.length; i++) {
      const d = Math.abs(Number(x.data[i]) - Number(r.data[i]));
      if (Number.isNaN(d) && !(Number.isNaN(Number(x.data[i])) && Number.isNaN(Number(r.data[i])))) return Number.NaN;
      if (d > worst) worst = d;
    }
  }
  return worst;
}

/** The agreement tolerance: float32 backends against the float64 reference, relative to the outputs' scale. */
export const AGREES = 1e-4;

function scale(outputs: Record<string, HostTensor>): number {
  let m = 1;
  for (const t of Object.values(outputs)) for (const v of t.data) m = Math.max(m, Math.abs(Number(v)));
  return m;
}

async function runOne(backend: string, built: Built, runs: number): Promise<Omit<BackendResult, 'maxDiff' | 'agrees'>> {
  let start = performance.now();
  const compiled = await getBackend(backend).compile(built.graph);
  const compileMs = performance.now() - start;
  try {
    start = performance.now();
    const outputs = await compiled.run(built.inputs, built.weights);
    const firstMs = performance.now() - start;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      start = performance.now();
      await compiled.run(built.inputs, built.weights);
      times.push(performance.now() - start);
    }
    return { backend, outputs, compileMs, firstMs, medianMs: median(times) };
  } finally {
    compiled.dispose();
  }
}

/** Runs `backends` in order (ref first, always, as the baseline); reports each as it finishes. */
export async function runBackends(
  built: Built,
  backends: readonly string[],
  runs: number,
  onResult: (r: BackendResult) => void,
): Promise<BackendResult[]> {
  const ref = await runOne('ref', built, backends.includes('ref') ? runs : 0);
  const tolerance = AGREES * scale(ref.outputs);
  const results: BackendResult[] = [];
  for (const backend of backends) {
    const r = backend === 'ref' ? ref : await runOne(backend, built, runs);
    const diff = maxDiff(r.outputs, ref.outputs);
    const result = { ...r, maxDiff: diff, agrees: diff <= tolerance };
    results.push(result);
    onResult(result);
  }
  return results;
}
