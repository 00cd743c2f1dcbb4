/**
 * Cases for any graph (not only the built-in layers): random sizes for its symbolic dims, random
 * inputs from its declared types, and its own weights or seeded ones.
 */
import fc from 'fast-check';
import { LayerspecError, Random, graphFromJSON, sizeOf, verifyGraph, type Dim, type Graph, type HostTensor } from '@layerspec/spec';
import { shareOf, magnitudeArb, seedArb } from './arbitraries/common.js';
import { boolTensor, normalTensor } from './data.js';
import { weightsOf } from './weights.js';

export interface GraphUnderTest {
  graph: Graph;
  /** The graph's weights; default: its initializers, seeded per case, plus N(0, 0.1^2) noise (weightsOf). */
  weights?: Record<string, HostTensor>;
  /** Inclusive size ranges of the symbolic dims; a dim not listed takes 1..4. */
  dims?: Record<string, readonly [number, number]>;
  /**
   * Inclusive value ranges of int32 inputs; an input not listed takes [0, n - 1] when it indexes a
   * Gather whose data has n entries on the gathered axis, else [0, 1].
   */
  intRanges?: Record<string, readonly [number, number]>;
}

export interface GraphCase {
  /** The graph with its symbolic dims set to this case's sizes. */
  graph: Graph;
  inputs: Record<string, HostTensor>;
  weightSeed: number;
  recipe: Record<string, unknown>;
}

const DEFAULT_DIM: readonly [number, number] = [1, 4];

/** The symbolic dim names of the graph's inputs and outputs. */
export function symbolicDims(graph: Graph): string[] {
  const names = new Set<string>();
  for (const v of [...graph.inputs, ...graph.outputs]) for (const d of v.type.shape) if (typeof d === 'string') names.add(d);
  return [...names];
}

/** The graph with the named dims set (inputs and outputs), verified again. */
export function specialize(graph: Graph, sizes: Record<string, number>): Graph {
  const fix = (shape: readonly Dim[]): Dim[] => shape.map((d) => (typeof d === 'string' && sizes[d] !== undefined ? sizes[d] : d));
  const out: Graph = {
    ...graph,
    inputs: graph.inputs.map((v) => ({ ...v, type: { ...v.type, shape: fix(v.type.shape) } })),
    outputs: graph.outputs.map((v) => ({ ...v, type: { ...v.type, shape: fix(v.type.shape) } })),
  };
  verifyGraph(out);
  return out;
}

/** The value range of each int32 input (see GraphUnderTest.intRanges). */
function intRange(g: GraphUnderTest, name: string): readonly [number, number] {
  const given = g.intRanges?.[name];
  if (given) return given;
  const types = verifyGraph(g.graph);
  for (const n of g.graph.nodes) {
    if (n.op !== 'Gather' || n.inputs[1] !== name) continue;
    const data = types.get(n.inputs[0]!);
    const rank = data?.shape.length ?? 0;
    const size = data?.shape[n.attrs.axis < 0 ? n.attrs.axis + rank : n.attrs.axis];
    if (typeof size === 'number' && size > 0) return [0, size - 1];
  }
  return [0, 1];
}

export function graphCaseArb(g: GraphUnderTest): fc.Arbitrary<GraphCase> {
  const dims = symbolicDims(g.graph);
  for (const [name, [lo, hi]] of Object.entries(g.dims ?? {})) {
    if (!dims.includes(name))
      throw new LayerspecError(
        g.graph.name,
        `--dim '${name}': the graph has no symbolic dim of that name (dims: ${dims.join(', ') || 'none'})`,
      );
    if (!(Number.isInteger(lo) && Number.isInteger(hi) && lo >= 0 && hi >= lo))
      throw new LayerspecError(g.graph.name, `dim '${name}': range ${lo}..${hi} is not a non-empty range of sizes`);
  }
  const sizeArbs = Object.fromEntries(
    dims.map((d) => {
      const [min, max] = g.dims?.[d] ?? DEFAULT_DIM;
      return [d, fc.integer({ min, max })];
    }),
  );
  return fc.record({ sizes: fc.record(sizeArbs), magnitude: magnitudeArb, dataSeed: seedArb, weightSeed: seedArb }).map((r): GraphCase => {
    const graph = specialize(g.graph, r.sizes);
    const rng = new Random(r.dataSeed, 17);
    const inputs: Record<string, HostTensor> = {};
    for (const v of graph.inputs) {
      const shape = v.type.shape.map(Number);
      if (v.type.dtype === 'float32') inputs[v.name] = normalTensor(rng, shape, r.magnitude);
      else if (v.type.dtype === 'bool') inputs[v.name] = boolTensor(rng, shape, 0.7);
      else {
        const [lo, hi] = intRange(g, v.name);
        const data = new Int32Array(sizeOf(shape));
        for (let i = 0; i < data.length; i++) data[i] = lo + Math.min(hi - lo, Math.floor(rng.uniform() * (hi - lo + 1)));
        inputs[v.name] = { dtype: 'int32', shape, data };
      }
    }
    return { graph, inputs, weightSeed: r.weightSeed, recipe: { ...r, share: shareOf(r.magnitude) } };
  });
}

/** The weights of a graph case: the given ones, or seeded ones like the layer cases'. */
export function graphWeights(g: GraphUnderTest, c: GraphCase): Record<string, HostTensor> {
  return g.weights ?? weightsOf(c.graph, c.weightSeed);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a graph document written by `graphToJSON`, with optional weights beside the graph:
 * `{ ...graphToJSON(graph), weights: { <name>: { dtype, shape, data: number[] } } }`.
 */
export function graphUnderTestFromJSON(text: string, dims?: Record<string, readonly [number, number]>): GraphUnderTest {
  const parsed: unknown = JSON.parse(text);
  const graph = graphFromJSON(parsed);
  const out: GraphUnderTest = { graph, ...(dims ? { dims } : {}) };
  const raw = isRecord(parsed) ? parsed['weights'] : undefined;
  if (raw === undefined) return out;
  if (!isRecord(raw)) throw new LayerspecError(graph.name, "'weights' must be an object of { dtype, shape, data }");
  const weights: Record<string, HostTensor> = {};
  for (const p of graph.params) {
    const w = raw[p.name];
    if (!isRecord(w) || !Array.isArray(w['data']) || !w['data'].every((x) => typeof x === 'number')) {
      throw new LayerspecError(graph.name, `weight '${p.name}' is missing from 'weights' or has no numeric 'data'`);
    }
    const shape = p.type.shape.map(Number);
    const data = w['data'];
    if (data.length !== sizeOf(shape))
      throw new LayerspecError(
        graph.name,
        `weight '${p.name}' has ${data.length} values, its type [${shape.join(', ')}] needs ${sizeOf(shape)}`,
      );
    weights[p.name] =
      p.type.dtype === 'float32'
        ? { dtype: 'float32', shape, data: Float32Array.from(data) }
        : p.type.dtype === 'int32'
          ? { dtype: 'int32', shape, data: Int32Array.from(data) }
          : { dtype: 'bool', shape, data: Uint8Array.from(data) };
  }
  return { ...out, weights };
}

/** Parses `name=lo..hi` (or `name=n`) into a dim range. */
export function parseDimRange(spec: string): [string, readonly [number, number]] {
  const m = /^([^=]+)=(\d+)(?:\.\.(\d+))?$/.exec(spec.trim());
  if (!m) throw new LayerspecError('--dim', `expected name=lo..hi (for example seq=1..16), got '${spec}'`);
  const lo = Number(m[2]);
  const hi = m[3] === undefined ? lo : Number(m[3]);
  if (hi < lo) throw new LayerspecError('--dim', `'${spec}': ${hi} < ${lo}`);
  return [m[1]!, [lo, hi]];
}
