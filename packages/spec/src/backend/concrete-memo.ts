import type { ValueInfo } from '../ops/define.js';
import type { Graph } from '../graph/types.js';

/** Where each symbolic dim was bound: its size and the input dim that set it. */
export type Binding = ReadonlyMap<string, { size: number; by: string }>;

/** The type of every value of a graph for one binding of its symbolic dims. */
export type ConcreteTypes = ReadonlyMap<string, ValueInfo>;

/** The last binding's types, and which nodes the new binding leaves as they were. */
export interface Previous {
  readonly types: ConcreteTypes;
  /** True when node `index`, given these concrete inputs, infers and checks what it did last time. */
  keeps(index: number, inputs: readonly string[], types: ConcreteTypes): boolean;
}

const sameDims = (a: readonly (number | string)[] | undefined, b: readonly (number | string)[] | undefined): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((d, i) => d === b[i]));

/** The same dtype, shape and known contents. */
export const sameValueType = (a: ValueInfo | undefined, b: ValueInfo | undefined): boolean =>
  a === b || (!!a && !!b && a.dtype === b.dtype && sameDims(a.shape, b.shape) && sameDims(a.value, b.value));

/**
 * What concrete inference learned about one graph, so that a new binding re-infers only the nodes it
 * can change. A node's concrete types are a function of its op, its attributes and its inputs' concrete
 * types (inference reads types, never data), and its check against its promised symbolic types reads
 * the sizes bound to their symbols. A node whose inputs have the types they had at the last successful
 * binding, and whose promised symbols kept their sizes, keeps that binding's types. In a decoding loop
 * each step binds a longer cache, which changes the types of the few nodes that read the cache (the
 * attention's output has the same type at every length); every other node is a lookup.
 */
export class InferenceMemo {
  private readonly attrs: unknown[] = [];
  private deps: (readonly string[])[] | undefined;
  private last: { sizes: Map<string, number>; types: ConcreteTypes } | undefined;

  /** A node's resolved attributes, checked once (the graph does not change). */
  attrsOf<T>(index: number, resolve: () => T): T {
    if (!(index in this.attrs)) this.attrs[index] = resolve();
    return this.attrs[index] as T;
  }

  /** The last successful binding's types and the nodes `bound` leaves unchanged, if there was one. */
  previous(graph: Graph, symbolic: ConcreteTypes, bound: Binding): Previous | undefined {
    const last = this.last;
    if (!last) return undefined;
    const changed = new Set<string>();
    for (const [name, { size }] of bound) if (last.sizes.get(name) !== size) changed.add(name);
    for (const name of last.sizes.keys()) if (!bound.has(name)) changed.add(name);
    const deps = this.depsOf(graph, symbolic);
    return {
      types: last.types,
      keeps: (index, inputs, types) =>
        !deps[index]!.some((s) => changed.has(s)) && inputs.every((n) => n === '' || sameValueType(types.get(n), last.types.get(n))),
    };
  }

  /** Records a successful binding. */
  remember(bound: Binding, types: ConcreteTypes): void {
    this.last = { sizes: new Map([...bound].map(([k, v]) => [k, v.size])), types };
  }

  /** Per node, the symbols of its outputs' promised types, whose sizes its check reads. */
  private depsOf(graph: Graph, symbolic: ConcreteTypes): (readonly string[])[] {
    this.deps ??= graph.nodes.map((node) => [
      ...new Set(node.outputs.flatMap((o) => (symbolic.get(o)?.shape ?? []).filter((d): d is string => typeof d === 'string'))),
    ]);
    return this.deps;
  }
}
