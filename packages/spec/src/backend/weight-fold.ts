import type { Graph, GraphNode, GraphParam, GraphValue } from '../graph/types.js';
import { outputValue } from '../graph/types.js';
import { scheduleGraph } from '../graph/schedule.js';

/** A graph split at bind time: what the weights alone determine, and the rest. */
export interface WeightFold {
  /**
   * The nodes whose results the weights (and Constant nodes) alone determine, as a graph whose inputs
   * are the weights they read and whose outputs are the results the rest of the graph reads.
   */
  readonly prep: Graph;
  /** The graph without those nodes: their results it reads are weights of the same names. */
  readonly main: Graph;
}

/** Ops never folded: Dropout draws at each run; a Scan is kept whole. */
const KEPT = new Set<string>(['Dropout', 'Scan', 'Constant']);

const folds = new WeakMap<Graph, WeightFold | null>();

/**
 * Splits off the nodes that depend on weights only (a projection kernel reshaped to heads, scaled by a
 * constant, ...), so that a runner with bound weights computes them once at bind time instead of at
 * every run; `undefined` when there are none. A node is folded when every input is a weight, a
 * Constant node's output or a folded node's result, its op is not Dropout or Scan, no output is a
 * graph output, and no output has known contents (a shape another node's inference reads). The main
 * graph keeps its Constant nodes; the prep graph gets copies of those it reads.
 */
export function foldWeightNodes(graph: Graph): WeightFold | undefined {
  const memo = folds.get(graph);
  if (memo !== undefined) return memo ?? undefined;
  const fold = split(graph);
  folds.set(graph, fold ?? null);
  return fold;
}

function split(graph: Graph): WeightFold | undefined {
  const { types } = scheduleGraph(graph);
  const outputs = new Set(graph.outputs.map(outputValue));
  const fixed = new Set(graph.params.map((p) => p.name));
  const constants = new Map<string, GraphNode>();
  const folded: GraphNode[] = [];
  for (const node of graph.nodes) {
    if (node.op === 'Constant') {
      for (const o of node.outputs) constants.set(o, node);
      continue;
    }
    const foldable =
      !KEPT.has(node.op) &&
      node.inputs.every((i) => i === '' || fixed.has(i) || constants.has(i)) &&
      node.outputs.every((o) => !outputs.has(o) && types.get(o)?.value === undefined);
    if (!foldable) continue;
    folded.push(node);
    for (const o of node.outputs) fixed.add(o);
  }
  if (folded.length === 0) return undefined;
  const foldedSet = new Set(folded);
  const rest = graph.nodes.filter((n) => !foldedSet.has(n));
  const made = new Set(folded.flatMap((n) => n.outputs));
  const readByRest = new Set(rest.flatMap((n) => n.inputs));
  const boundary = [...made].filter((v) => readByRest.has(v));
  const typeOf = (name: string): GraphValue => {
    const t = types.get(name)!;
    return { name, type: { dtype: t.dtype, shape: [...t.shape] } };
  };
  const readByFolded = new Set(folded.flatMap((n) => n.inputs));
  const prepConstants = [...new Set([...readByFolded].filter((v) => constants.has(v)).map((v) => constants.get(v)!))];
  const prep: Graph = {
    name: `${graph.name} (weights)`,
    inputs: graph.params.filter((p) => readByFolded.has(p.name)).map((p) => ({ name: p.name, type: p.type })),
    params: [],
    outputs: boundary.map(typeOf),
    nodes: [...prepConstants, ...folded],
  };
  const params: GraphParam[] = [
    ...graph.params.filter((p) => readByRest.has(p.name) || outputs.has(p.name)),
    ...boundary.map((v) => ({ ...typeOf(v), init: { name: 'zeros' } as const })),
  ];
  const { composites: _, ...plain } = graph;
  return { prep, main: { ...plain, params, nodes: rest } };
}
