import { LayerspecError, echo } from '../errors.js';
import { scheduleGraph, type Schedule } from '../graph/schedule.js';
import type { Graph, GraphValue } from '../graph/types.js';
import { checkHostTensor, formatShape, formatType } from '../tensor.js';
import { isDType, type HostTensor } from '../types.js';
import { concreteTypes, type Binding, type ConcreteTypes } from './concrete.js';
import { InferenceMemo } from './concrete-memo.js';
import { TYPED_BYTES, checkMemory, estimateMemory, type BytesPerElement, type MemoryEstimate } from './memory.js';

export interface BindOptions {
  /** Reject the run when its estimated peak of tensor bytes exceeds this. Default: no limit. */
  memoryLimitBytes?: number;
  /** How the backend stores each dtype, for the estimate. Default 4 bytes for numbers, 1 for bool. */
  bytesPerElement?: BytesPerElement;
}

interface GraphCache {
  schedule: Schedule;
  /** The declared input and weight names, for the unknown-name check. */
  names: { input: ReadonlySet<string>; weight: ReadonlySet<string> };
  /** Concrete types per binding, least recently used first, so a run of the same shapes costs no inference. */
  concrete: Map<string, ConcreteTypes>;
  /** What each node inferred: a new binding (a cache one step longer) re-infers only the nodes it changes. */
  memo: InferenceMemo;
  /** The memory estimate per concrete types and element sizes. */
  estimates: WeakMap<ConcreteTypes, Map<BytesPerElement, MemoryEstimate>>;
}

const caches = new WeakMap<Graph, GraphCache>();
/** Bindings whose types are kept: every cache length of a decoding of up to 128 tokens, repeated, is a lookup. */
const CONCRETE_KEPT = 128;

function cacheOf(graph: Graph): GraphCache {
  let c = caches.get(graph);
  if (!c) {
    c = {
      schedule: scheduleGraph(graph),
      names: { input: new Set(graph.inputs.map((v) => v.name)), weight: new Set(graph.params.map((p) => p.name)) },
      concrete: new Map(),
      memo: new InferenceMemo(),
      estimates: new WeakMap(),
    };
    caches.set(graph, c);
  }
  return c;
}

function concreteFor(graph: Graph, cache: GraphCache, bound: Binding): ConcreteTypes {
  let key = '';
  for (const name of [...bound.keys()].sort()) key += `${name}=${bound.get(name)!.size},`;
  let types = cache.concrete.get(key);
  if (types) {
    cache.concrete.delete(key);
  } else {
    // The schedule's verified types: a new binding re-infers without re-verifying.
    types = concreteTypes(graph, bound, cache.schedule.types, cache.memo);
    if (cache.concrete.size >= CONCRETE_KEPT) cache.concrete.delete(cache.concrete.keys().next().value!);
  }
  cache.concrete.set(key, types);
  return types;
}

function estimateFor(graph: Graph, cache: GraphCache, types: ConcreteTypes, bytes: BytesPerElement): MemoryEstimate {
  let byBytes = cache.estimates.get(types);
  if (!byBytes) {
    byBytes = new Map();
    cache.estimates.set(types, byBytes);
  }
  let estimate = byBytes.get(bytes);
  if (!estimate) {
    estimate = estimateMemory(cache.schedule, graph, types, bytes);
    byBytes.set(bytes, estimate);
  }
  return estimate;
}

export function checkRecord(value: unknown, graph: Graph, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LayerspecError(graph.name, `${what} must be an object of named tensors, got ${echo(value)}`);
  }
}

export function checkNames(graph: Graph, given: Record<string, unknown>, kind: 'input' | 'weight'): void {
  const names = cacheOf(graph).names[kind];
  for (const name in given) {
    if (!Object.hasOwn(given, name)) continue;
    if (!names.has(name)) {
      throw new LayerspecError(graph.name, `unknown ${kind} '${name}' (${kind}s: ${[...names].join(', ') || 'none'})`);
    }
  }
}

/**
 * Checks the tensors given to a run against the graph before anything runs: every input and weight
 * present (and no other) with its dtype and rank, static dims equal, each symbolic dim bound to one size
 * across all inputs, and the bound sizes consistent with every node (see `concreteTypes`); with a memory
 * limit, the estimated peak within it. Returns the bound sizes of the symbolic dims.
 */
export function bindRun(
  graph: Graph,
  inputs: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
  options: BindOptions = {},
): Map<string, number> {
  return bindRunTypes(graph, inputs, weights, options).sizes;
}

/** `bindRun`, also returning the type of every value of the graph with the bound sizes in place. */
export function bindRunTypes(
  graph: Graph,
  inputs: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
  options: BindOptions = {},
): { sizes: Map<string, number>; types: ConcreteTypes } {
  checkRecord(inputs, graph, 'the inputs');
  checkRecord(weights, graph, 'the weights');
  checkNames(graph, inputs, 'input');
  checkNames(graph, weights, 'weight');
  const bound: DimBinding = new Map();
  for (const v of graph.inputs) bindOne(graph, v, inputs[v.name], 'input', bound);
  for (const p of graph.params) bindOne(graph, p, weights[p.name], 'weight', bound);
  return typesOf(graph, bound, options);
}

/** Where each symbolic dim was bound while checking: its size and the tensor dim that set it. */
export type DimBinding = Map<string, { size: number; by: string }>;

/** The concrete types of a complete binding, checked against every node and, with a limit, the memory estimate. */
export function typesOf(graph: Graph, bound: DimBinding, options: BindOptions): { sizes: Map<string, number>; types: ConcreteTypes } {
  const cache = cacheOf(graph);
  const types = concreteFor(graph, cache, bound);
  if (options.memoryLimitBytes !== undefined) {
    checkMemory(graph, estimateFor(graph, cache, types, options.bytesPerElement ?? TYPED_BYTES), options.memoryLimitBytes);
  }
  const sizes = new Map<string, number>();
  for (const [k, v] of bound) sizes.set(k, v.size);
  return { sizes, types };
}

/** A HostTensor's fields, checked before any is read (a run may be handed anything). */
function checkHostShape(graph: Graph, t: unknown, what: string): asserts t is HostTensor {
  if (typeof t !== 'object' || t === null)
    throw new LayerspecError(graph.name, `${what} must be a HostTensor { dtype, shape, data }, got ${echo(t)}`);
  const { dtype, shape, data } = t as Partial<Record<keyof HostTensor, unknown>>;
  if (typeof dtype !== 'string' || !isDType(dtype)) throw new LayerspecError(graph.name, `${what}: unknown dtype ${echo(dtype)}`);
  if (!Array.isArray(shape)) throw new LayerspecError(graph.name, `${what}: shape must be an array, got ${echo(shape)}`);
  if (!ArrayBuffer.isView(data)) throw new LayerspecError(graph.name, `${what}: data must be a typed array, got ${echo(data)}`);
}

export function bindOne(graph: Graph, v: GraphValue, t: HostTensor | undefined, kind: 'input' | 'weight', bound: DimBinding): void {
  const what = `${kind} '${v.name}'`;
  if (!t) throw new LayerspecError(graph.name, `missing ${what} of type ${formatType(v.type)}`);
  checkHostShape(graph, t, what);
  checkHostTensor(t, graph.name, what);
  if (t.dtype !== v.type.dtype) {
    throw new LayerspecError(graph.name, `${what} must be ${v.type.dtype}, got ${t.dtype}`);
  }
  bindDims(graph, v, t.shape, what, bound);
}

/**
 * The sizes that these input shapes bind to the graph's symbolic dims, checked as `bindRun` checks
 * tensors (static dims, one size per symbol, every node consistent), for callers holding shapes only.
 */
export function bindShapes(graph: Graph, shapes: Readonly<Record<string, readonly number[]>>): Map<string, number> {
  const bound: DimBinding = new Map();
  for (const v of graph.inputs) {
    const shape = shapes[v.name];
    if (!shape) throw new LayerspecError(graph.name, `missing input '${v.name}' of type ${formatType(v.type)}`);
    bindDims(graph, v, shape, `input '${v.name}'`, bound);
  }
  concreteFor(graph, cacheOf(graph), bound);
  return new Map([...bound].map(([k, v]) => [k, v.size]));
}

function bindDims(graph: Graph, v: GraphValue, shape: readonly number[], what: string, bound: DimBinding): void {
  if (shape.length !== v.type.shape.length) {
    throw new LayerspecError(
      graph.name,
      `${what} must have rank ${v.type.shape.length} ${formatShape(v.type.shape)}, got rank ${shape.length} ${formatShape(shape)}`,
    );
  }
  v.type.shape.forEach((dim, i) => {
    const size = shape[i]!;
    if (typeof dim === 'number') {
      if (dim !== size) {
        throw new LayerspecError(
          graph.name,
          `${what} dim ${i} must be ${dim}, got ${size} (shape ${formatShape(shape)}, expected ${formatShape(v.type.shape)})`,
        );
      }
      return;
    }
    const prior = bound.get(dim);
    if (prior && prior.size !== size) {
      throw new LayerspecError(graph.name, `${what} dim ${i} ('${dim}') is ${size}, but ${prior.by} bound '${dim}' to ${prior.size}`);
    }
    if (!prior) bound.set(dim, { size, by: `${what} dim ${i}` });
  });
}
