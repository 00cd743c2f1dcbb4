import type { ValueInfo } from '../ops/define.js';
import { outputValue, type Graph, type GraphNode } from './types.js';
import { verifyGraph } from './verify.js';

/** One node as a backend should run it. */
export interface ScheduledNode {
  readonly node: GraphNode;
  /** Where it reads its inputs; for a MatMul, possibly the input of a Transpose it folds in. */
  readonly inputs: readonly string[];
  /** Per input: true when the MatMul reads it with its last two axes swapped (the folded Transpose). */
  readonly transposed: readonly boolean[];
  /** Values no later node reads and no output returns: free them after this node. */
  readonly release: readonly string[];
}

export interface Schedule {
  readonly nodes: readonly ScheduledNode[];
  readonly types: ReadonlyMap<string, ValueInfo>;
}

/** A Transpose that only swaps the last two axes. */
function swapsLastTwo(node: GraphNode): boolean {
  if (node.op !== 'Transpose') return false;
  const p = node.attrs.perm;
  const r = p.length;
  return r >= 2 && p[r - 2] === r - 1 && p[r - 1] === r - 2 && p.slice(0, -2).every((v, i) => v === i);
}

/**
 * The execution order every backend shares: verifies the graph, folds last-two-axes transposes into the
 * matmuls that read them, drops nodes nothing needs, and records where each value is last read.
 */
export function scheduleGraph(graph: Graph): Schedule {
  const types = verifyGraph(graph);
  const producer = new Map<string, GraphNode>();
  for (const node of graph.nodes) for (const o of node.outputs) producer.set(o, node);

  const rewritten = graph.nodes.map((node) => {
    const inputs = [...node.inputs];
    const transposed = inputs.map((name, i) => {
      if (node.op !== 'MatMul') return false;
      const p = producer.get(name);
      if (!p || !swapsLastTwo(p) || (types.get(name)?.shape.length ?? 0) < 2) return false;
      inputs[i] = p.inputs[0]!;
      return true;
    });
    return { node, inputs, transposed };
  });

  const outputs = new Set(graph.outputs.map(outputValue));
  const needed = new Set(outputs);
  const kept: typeof rewritten = [];
  for (let i = rewritten.length - 1; i >= 0; i--) {
    const s = rewritten[i]!;
    if (!s.node.outputs.some((o) => needed.has(o))) continue;
    kept.unshift(s);
    for (const name of s.inputs) if (name) needed.add(name);
  }

  const lastUse = new Map<string, number>();
  kept.forEach((s, i) => s.inputs.forEach((name) => name && lastUse.set(name, i)));
  const nodes = kept.map((s, i) => ({
    ...s,
    release: [...new Set(s.inputs)].filter((name) => name && lastUse.get(name) === i && !outputs.has(name)),
  }));
  return { nodes, types };
}
