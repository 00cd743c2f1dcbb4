/**
 * Small tools to rewrite a graph (the data of packages/spec's graph types) by pattern: find a node by
 * what it reads, replace it by other nodes computing the same output name, recurse into Scan bodies.
 */
import type { Graph, GraphNode, HostTensor } from '@layerspec/spec';

/** A node rewrite: the nodes to put in the node's place (the node itself to keep it), given the graph around it. */
export type NodeRewrite = (node: GraphNode, graph: GraphView) => GraphNode[] | undefined;

/** Read access to a graph's nodes by the values they make. */
export class GraphView {
  private readonly producers = new Map<string, GraphNode>();
  private readonly params: Set<string>;
  private counter = 0;

  constructor(readonly graph: Graph) {
    for (const n of graph.nodes) for (const o of n.outputs) this.producers.set(o, n);
    this.params = new Set(graph.params.map((p) => p.name));
  }

  producer(value: string): GraphNode | undefined {
    return this.producers.get(value);
  }

  consumers(value: string): GraphNode[] {
    return this.graph.nodes.filter((n) => n.inputs.includes(value));
  }

  /** The tensor of a value made by a Constant node. */
  constant(value: string): HostTensor | undefined {
    const n = this.producers.get(value);
    return n?.op === 'Constant' ? n.attrs.value : undefined;
  }

  /** The number of a scalar (one-element) float Constant. */
  scalar(value: string): number | undefined {
    const t = this.constant(value);
    return t && t.dtype === 'float32' && t.data.length === 1 ? t.data[0] : undefined;
  }

  isParam(value: string, suffix: string): boolean {
    return this.params.has(value) && value.split('/').pop() === suffix;
  }

  /** A value name not used in the graph. */
  fresh(prefix: string): string {
    return `${prefix}__fault${this.counter++}`;
  }
}

export function constantNode(name: string, value: HostTensor): GraphNode {
  return { op: 'Constant', name, inputs: [], attrs: { value }, outputs: [name] };
}

export function scalarNode(name: string, v: number): GraphNode {
  return constantNode(name, { dtype: 'float32', shape: [], data: new Float32Array([v]) });
}

/**
 * Applies `rewrite` to every node of the graph and of every Scan body (bodies first). Returns the
 * rewritten graph and how many nodes were rewritten. Composite regions are dropped: an exporter must
 * not replace rewritten nodes by the standard op they used to compute.
 */
export function rewriteNodes(graph: Graph, rewrite: NodeRewrite): { graph: Graph; count: number } {
  let count = 0;
  const recurse = (g: Graph): Graph => {
    const inner = g.nodes.map((n): GraphNode => {
      if (n.op !== 'Scan') return n;
      const body = recurse(n.attrs.body);
      return body === n.attrs.body ? n : { ...n, attrs: { ...n.attrs, body } };
    });
    const withBodies: Graph = { ...g, nodes: inner };
    const view = new GraphView(withBodies);
    const nodes: GraphNode[] = [];
    let changed = inner.some((n, i) => n !== g.nodes[i]);
    for (const n of inner) {
      const replacement = rewrite(n, view);
      if (replacement === undefined) {
        nodes.push(n);
        continue;
      }
      count++;
      changed = true;
      nodes.push(...replacement);
    }
    if (!changed) return g;
    const { composites: _dropped, ...rest } = g;
    return { ...rest, nodes };
  };
  return { graph: recurse(graph), count };
}

/** Replaces every use of `from` by `to` in the nodes (not in `except`). */
export function redirectUses(nodes: readonly GraphNode[], from: string, to: string, except: ReadonlySet<GraphNode>): GraphNode[] {
  return nodes.map(
    (n): GraphNode => (except.has(n) || !n.inputs.includes(from) ? n : { ...n, inputs: n.inputs.map((v) => (v === from ? to : v)) }),
  );
}
