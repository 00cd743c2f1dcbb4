import { verifyGraph } from '../graph/verify.js';
import { outputValue, type Graph, type GraphNode, type NodeOf } from '../graph/types.js';
import type { ValueInfo } from '../ops/define.js';
import { resolveAttrs } from '../ops/resolve.js';
import type { AttrsOf, OpName } from '../ops/table.js';
import type { HostTensor } from '../types.js';

/** Who makes and who reads every value of one graph, as a pass sees it before rewriting. */
export class GraphIndex {
  readonly types: ReadonlyMap<string, ValueInfo>;
  private readonly producers = new Map<string, GraphNode>();
  private readonly readers = new Map<string, GraphNode[]>();
  private readonly returned = new Set<string>();
  private readonly inComposite = new Set<string>();
  private readonly weightOnly = new Set<string>();
  private readonly nodeNames = new Set<string>();

  constructor(readonly graph: Graph) {
    this.types = verifyGraph(graph);
    for (const p of graph.params) this.weightOnly.add(p.name);
    for (const node of graph.nodes) {
      this.nodeNames.add(node.name);
      for (const o of node.outputs) this.producers.set(o, node);
      for (const i of node.inputs) if (i !== '') this.readers.set(i, [...(this.readers.get(i) ?? []), node]);
      // A value made from weights and constants alone costs the same at every batch size.
      const fromWeights = node.op !== 'Dropout' && node.inputs.every((i) => i === '' || this.weightOnly.has(i));
      if (fromWeights) for (const o of node.outputs) this.weightOnly.add(o);
    }
    for (const o of graph.outputs) this.returned.add(outputValue(o));
    for (const region of graph.composites ?? []) if (!region.rewritable) for (const n of region.nodes) this.inComposite.add(n);
  }

  producer(value: string): GraphNode | undefined {
    return this.producers.get(value);
  }

  /** The only node reading `value`, when exactly one node and no graph output reads it. */
  soleReader(value: string): GraphNode | undefined {
    const readers = this.readers.get(value) ?? [];
    return readers.length === 1 && !this.returned.has(value) ? readers[0] : undefined;
  }

  isReturned(value: string): boolean {
    return this.returned.has(value);
  }

  /** True for a value computed from weights and constants only (never from a graph input). */
  isWeightOnly(value: string): boolean {
    return this.weightOnly.has(value);
  }

  /** True when a pass may rewrite `node`: it is not part of a composite region an exporter may replace (unless rewritable). */
  isFree(node: GraphNode): boolean {
    return !this.inComposite.has(node.name);
  }

  /** The Constant node making `value`, when it is a rank-0 float32 constant. */
  scalarConstant(value: string): NodeOf<'Constant'> | undefined {
    const node = this.producers.get(value);
    if (node?.op !== 'Constant') return undefined;
    const t: HostTensor = node.attrs.value;
    return t.dtype === 'float32' && t.shape.length === 0 ? node : undefined;
  }

  /** A node or value name not yet used in the graph, starting from `base`. */
  fresh(base: string, taken: Set<string>): string {
    let name = base;
    const used = (n: string) => this.types.has(n) || this.nodeNames.has(n) || taken.has(n);
    for (let i = 2; used(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  }
}

/** A node of op K with the given parts, its attributes defaulted and checked. */
export function makeNode<K extends OpName>(
  op: K,
  name: string,
  inputs: string[],
  attrs: Partial<AttrsOf<K>>,
  outputs: string[],
): GraphNode {
  const node: NodeOf<K> = { op, name, inputs, attrs: resolveAttrs(op, attrs, `pass: node '${name}' (${op})`), outputs };
  // NodeOf<K> is one member of the GraphNode union; TypeScript cannot see that for a generic K.
  return node as GraphNode;
}

/** A node with some inputs read from other values. */
export function withInputs(node: GraphNode, inputs: readonly string[]): GraphNode {
  return { ...node, inputs };
}

/**
 * Edits to apply to one graph at once: nodes inserted before a node, nodes replaced or removed, and
 * values renamed in every later reader (a removed node's output read as another value).
 */
export class GraphEdit {
  private readonly before = new Map<string, GraphNode[]>();
  private readonly replaced = new Map<string, GraphNode>();
  private readonly removed = new Set<string>();
  private readonly renamed = new Map<string, string>();
  readonly taken = new Set<string>();

  insertBefore(node: GraphNode, added: GraphNode): void {
    this.before.set(node.name, [...(this.before.get(node.name) ?? []), added]);
  }

  replace(node: GraphNode, by: GraphNode): void {
    this.replaced.set(node.name, by);
  }

  /** Removes `node` without renaming its outputs (something else now defines them). */
  drop(node: GraphNode): void {
    this.removed.add(node.name);
  }

  /** Removes `node`; readers of its only output read `by` instead. */
  remove(node: GraphNode, by: string): void {
    this.removed.add(node.name);
    this.renamed.set(node.outputs[0]!, by);
  }

  /** True when `node` was already touched by this edit (a pass then leaves it for its next round). */
  touches(node: GraphNode): boolean {
    return this.touchesName(node.name);
  }

  private touchesName(name: string): boolean {
    return this.replaced.has(name) || this.removed.has(name) || this.before.has(name);
  }

  get empty(): boolean {
    return this.before.size === 0 && this.replaced.size === 0 && this.removed.size === 0;
  }

  apply(graph: Graph): Graph {
    const rename = (v: string): string => {
      let r = v;
      while (this.renamed.has(r)) r = this.renamed.get(r)!;
      return r;
    };
    const nodes: GraphNode[] = [];
    for (const node of graph.nodes) {
      for (const added of this.before.get(node.name) ?? []) nodes.push(withInputs(added, added.inputs.map(rename)));
      if (this.removed.has(node.name)) continue;
      const n = this.replaced.get(node.name) ?? node;
      nodes.push(withInputs(n, n.inputs.map(rename)));
    }
    // A rewritable region whose nodes this edit touched no longer computes its op as recorded.
    const composites = graph.composites?.filter((r) => !r.rewritable || !r.nodes.some((name) => this.touchesName(name)));
    const { composites: _, ...rest } = graph;
    return pruneDeadNodes({ ...rest, nodes, ...(composites && composites.length > 0 ? { composites } : {}) });
  }
}

/** Drops nodes whose outputs nothing reads (outside composite regions); Dropout and Scan have no side effects either. */
export function pruneDeadNodes(graph: Graph): Graph {
  const inComposite = new Set((graph.composites ?? []).flatMap((r) => r.nodes));
  const live = new Set(graph.outputs.map(outputValue));
  const kept: GraphNode[] = [];
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const node = graph.nodes[i]!;
    if (!inComposite.has(node.name) && !node.outputs.some((o) => live.has(o))) continue;
    kept.push(node);
    for (const input of node.inputs) if (input !== '') live.add(input);
  }
  return { ...graph, nodes: kept.reverse() };
}

/** A copy of a Constant node under a new name (so it can be placed before another node). */
export function copyConstant(node: NodeOf<'Constant'>, name: string): GraphNode {
  const copy: NodeOf<'Constant'> = { op: 'Constant', name, inputs: [], attrs: node.attrs, outputs: [name] };
  return copy;
}

/** `pass` applied to the graph and to the body of every Scan in it, innermost first. */
export function inEveryBody(pass: (graph: Graph) => Graph): (graph: Graph) => Graph {
  const run = (graph: Graph): Graph => {
    let changed = false;
    const nodes = graph.nodes.map((node) => {
      if (node.op !== 'Scan') return node;
      const body = run(node.attrs.body);
      if (body === node.attrs.body) return node;
      changed = true;
      return { ...node, attrs: { ...node.attrs, body } };
    });
    return pass(changed ? { ...graph, nodes } : graph);
  };
  return run;
}
