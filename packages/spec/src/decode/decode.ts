import type { BoundCompiled, Compiled } from '../backend/types.js';
import { LayerspecError } from '../errors.js';
import type { Graph } from '../graph/types.js';
import { formatShape } from '../tensor.js';
import type { HostTensor } from '../types.js';

/** A graph input holding a cache and the output that holds it one step later. */
export interface CachePair {
  readonly past: string;
  readonly present: string;
}

const lastSegment = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/**
 * The caches of a step graph: every input whose name (its last `/` segment) starts with `past_`, paired
 * with the output of the same name with `present_` instead, e.g. `block0/past_key` -> `block0/present_key`.
 */
export function cachePairs(graph: Graph): CachePair[] {
  const outputs = new Set(graph.outputs.map((o) => o.name));
  return graph.inputs
    .filter((i) => lastSegment(i.name).startsWith('past_'))
    .map((i) => {
      const cut = i.name.length - lastSegment(i.name).length;
      const present = `${i.name.slice(0, cut)}present_${lastSegment(i.name).slice('past_'.length)}`;
      if (!outputs.has(present)) throw new LayerspecError(graph.name, `cache input '${i.name}' has no output '${present}'`);
      return { past: i.name, present };
    });
}

/**
 * Empty caches (sequence axis -2 of length 0) for every `past_` input; other symbolic dims are read
 * from `dims` (e.g. `{ batch: 1 }`).
 */
export function emptyCaches(graph: Graph, dims: Readonly<Record<string, number>> = {}): Record<string, HostTensor> {
  const out: Record<string, HostTensor> = {};
  for (const { past } of cachePairs(graph)) {
    const t = graph.inputs.find((i) => i.name === past)!.type;
    const shape = t.shape.map((d, axis) => {
      if (axis === t.shape.length - 2) return 0;
      if (typeof d === 'number') return d;
      const n = dims[d];
      if (n === undefined) throw new LayerspecError(graph.name, `cache '${past}' ${formatShape(t.shape)}: give the size of '${d}' in dims`);
      return n;
    });
    out[past] = { dtype: 'float32', shape, data: new Float32Array(0) };
  }
  return out;
}

export interface DecodeOptions {
  /** The first step's inputs, without the caches. */
  readonly first: Record<string, HostTensor>;
  /** How many steps to run at most. */
  readonly steps: number;
  /**
   * The next step's inputs (without the caches) from this step's outputs, e.g. the argmax token's
   * embedding; `undefined` ends the decoding after this step (every sequence has ended).
   */
  next(outputs: Record<string, HostTensor>, step: number): Record<string, HostTensor> | undefined;
  /** The caches before the first step; default: `emptyCaches(graph)`. */
  readonly caches?: Record<string, HostTensor>;
}

/**
 * Incremental decoding: runs a step graph built with `cache: true` once per step, feeding each step's
 * `present_*` outputs back as the next step's `past_*` inputs, for `steps` steps or until `next`
 * returns `undefined`. Returns every step's outputs. The weights are bound once (`compiled.bind`) for the
 * whole decoding, so the steps skip the per-run weight compare; a change to them during the decoding is
 * not seen.
 */
export async function decode(
  compiled: Compiled,
  graph: Graph,
  weights: Record<string, HostTensor>,
  options: DecodeOptions,
): Promise<Record<string, HostTensor>[]> {
  checkStepGraph(graph);
  const bound = await compiled.bind(weights);
  try {
    return await decodeBound(bound, graph, options);
  } finally {
    bound.dispose();
  }
}

function checkStepGraph(graph: Graph): CachePair[] {
  const pairs = cachePairs(graph);
  if (pairs.length === 0) throw new LayerspecError(graph.name, "decode needs a step graph with 'past_*' inputs (build with cache: true)");
  return pairs;
}

/** `decode` on weights bound already (`compiled.bind(weights)`), for callers that decode many times. */
export async function decodeBound(bound: BoundCompiled, graph: Graph, options: DecodeOptions): Promise<Record<string, HostTensor>[]> {
  const pairs = checkStepGraph(graph);
  let caches = options.caches ?? emptyCaches(graph);
  let inputs = options.first;
  const steps: Record<string, HostTensor>[] = [];
  for (let step = 0; step < options.steps; step++) {
    const outputs = await bound.run({ ...inputs, ...caches });
    steps.push(outputs);
    caches = {};
    for (const { past, present } of pairs) caches[past] = outputs[present]!;
    if (step + 1 === options.steps) break;
    const following = options.next(outputs, step);
    if (!following) break;
    inputs = following;
  }
  return steps;
}
