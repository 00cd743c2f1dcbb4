import { LayerspecError } from '../errors.js';
import type { Graph } from '../graph/types.js';
import type { HostTensor } from '../types.js';
import { bindOne, checkNames, checkRecord, typesOf, type BindOptions, type DimBinding } from './bind.js';
import type { ConcreteTypes } from './concrete.js';
import type { BoundCompiled } from './types.js';
import { copyOf } from './weight-snapshot.js';

/** Weights checked against a graph and copied, for a bound runner: see `holdWeights`. */
export interface HeldWeights {
  readonly graph: Graph;
  /** Private copies of the weights (bools as 0 and 1), never written after they are taken. */
  readonly weights: Readonly<Record<string, HostTensor>>;
  /** The symbolic dims the weights bind. */
  readonly bound: ReadonlyMap<string, { size: number; by: string }>;
}

/**
 * Checks the weights as `bindRun` does (every weight present and no other, dtype, rank, static dims, one
 * size per symbolic dim) and takes a private copy of each.
 */
export function holdWeights(graph: Graph, weights: Record<string, HostTensor>): HeldWeights {
  checkRecord(weights, graph, 'the weights');
  checkNames(graph, weights, 'weight');
  const bound: DimBinding = new Map();
  const held: Record<string, HostTensor> = {};
  for (const p of graph.params) {
    bindOne(graph, p, weights[p.name], 'weight', bound);
    held[p.name] = copyOf(weights[p.name]!);
  }
  return { graph, weights: held, bound };
}

/**
 * `bindRunTypes` for a run with held weights: checks the inputs (present, no other, dtype, rank, static
 * dims, symbolic dims agreeing with each other and with the weights', every node consistent, the memory
 * limit) and returns the bound sizes and the concrete types.
 */
export function bindInputs(
  held: HeldWeights,
  inputs: Record<string, HostTensor>,
  options: BindOptions = {},
): { sizes: Map<string, number>; types: ConcreteTypes } {
  const { graph } = held;
  checkRecord(inputs, graph, 'the inputs');
  checkNames(graph, inputs, 'input');
  const bound: DimBinding = new Map(held.bound);
  for (const v of graph.inputs) bindOne(graph, v, inputs[v.name], 'input', bound);
  return typesOf(graph, bound, options);
}

/**
 * The part of a bound runner every backend shares: the weights held and checked at bind time, each
 * run's inputs checked before the backend's `execute`, and dispose, which waits for runs in flight
 * before the backend's `release`. A backend gives `execute` and `release`.
 */
export abstract class BoundRuns implements BoundCompiled {
  private disposed = false;
  private active = 0;
  private readonly onDispose: (() => void)[] = [];

  constructor(
    protected readonly held: HeldWeights,
    protected readonly bindOptions: BindOptions,
  ) {}

  get graph(): Graph {
    return this.held.graph;
  }

  async run(inputs: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.disposed) throw new LayerspecError(this.graph.name, 'this bound graph was disposed');
    const { sizes, types } = bindInputs(this.held, inputs, this.bindOptions);
    this.active++;
    try {
      return await this.execute(inputs, types, sizes);
    } finally {
      this.active--;
      if (this.disposed && this.active === 0) this.release();
    }
  }

  /** Runs the graph on checked inputs with the held weights. */
  protected abstract execute(
    inputs: Record<string, HostTensor>,
    types: ConcreteTypes,
    sizes: Map<string, number>,
  ): Promise<Record<string, HostTensor>>;

  /** Releases what the runtime holds for the bound weights; called once, when no run is in flight. */
  protected abstract release(): void;

  /** Calls `f` once when this is disposed (a compiled graph forgets its bound runners so). */
  whenDisposed(f: () => void): void {
    this.onDispose.push(f);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.active === 0) this.release();
    for (const f of this.onDispose) f();
  }
}

/**
 * The bound runners of one compiled graph: `add` refuses a new one once the graph is disposed, and
 * `disposeAll` disposes those still open.
 */
export class BoundSet {
  private readonly open = new Set<BoundRuns>();
  private closed = false;

  constructor(private readonly graphName: string) {}

  /** Throws when the compiled graph was disposed (call before any work of `bind`). */
  check(): void {
    if (this.closed) throw new LayerspecError(this.graphName, 'this compiled graph was disposed');
  }

  /** Tracks `b` until it is disposed; disposes it at once when the graph was disposed meanwhile. */
  add<B extends BoundRuns>(b: B): B {
    if (this.closed) {
      b.dispose();
      this.check();
    }
    this.open.add(b);
    b.whenDisposed(() => this.open.delete(b));
    return b;
  }

  /** How many bound runners are open. */
  get size(): number {
    return this.open.size;
  }

  disposeAll(): void {
    this.closed = true;
    for (const b of [...this.open]) b.dispose();
  }
}
