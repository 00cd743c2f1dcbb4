/** Realistic normalization and recurrent-cell faults, each a rewrite of the plain graph (see catalogue.ts). */
import type { Graph, GraphNode } from '@layerspec/spec';
import { GraphView, redirectUses, type NodeRewrite } from './rewrite.js';

/** sqrt(var) + epsilon instead of sqrt(var + epsilon). */
export const epsilonOutsideSqrt: NodeRewrite = (node, view) => {
  if (node.op !== 'Sqrt') return undefined;
  const add = view.producer(node.inputs[0]!);
  if (add?.op !== 'Add') return undefined;
  const [variance = '', eps = ''] = add.inputs;
  if (view.scalar(eps) === undefined) return undefined;
  const root = view.fresh('sqrt_var');
  return [
    { op: 'Sqrt', name: root, inputs: [variance], attrs: {}, outputs: [root] },
    { op: 'Add', name: node.name, inputs: [root, eps], attrs: {}, outputs: [...node.outputs] },
  ];
};

/** The beta (center) term left out: y + beta computes y. */
export const betaDropped: NodeRewrite = (node, view) => {
  if (node.op !== 'Add') return undefined;
  const i = node.inputs.findIndex((v) => view.isParam(v, 'beta'));
  if (i < 0) return undefined;
  return [{ op: 'Identity', name: node.name, inputs: [node.inputs[1 - i]!], attrs: {}, outputs: [...node.outputs] }];
};

/**
 * gamma applied to the input before the statistics: normalize(gamma * x) instead of gamma * normalize(x).
 * The normalized value is the one whose mean (ReduceMean) or square (Mul by itself) is taken first.
 */
export function gammaBeforeMean(graph: Graph): { graph: Graph; count: number } {
  const view = new GraphView(graph);
  const scaleNode = graph.nodes.find((n) => n.op === 'Mul' && n.inputs.some((v) => view.isParam(v, 'gamma')));
  const first = graph.nodes.find((n) => n.op === 'ReduceMean' || (n.op === 'Mul' && n.inputs[0] === n.inputs[1]));
  if (!scaleNode || !first) return { graph, count: 0 };
  const gamma = scaleNode.inputs.find((v) => view.isParam(v, 'gamma'))!;
  const x = first.inputs[0]!;
  const scaled = view.fresh('gamma_x');
  const mul: GraphNode = { op: 'Mul', name: scaled, inputs: [x, gamma], attrs: {}, outputs: [scaled] };
  const identity: GraphNode = {
    op: 'Identity',
    name: scaleNode.name,
    inputs: [scaleNode.inputs.find((v) => v !== gamma)!],
    attrs: {},
    outputs: [...scaleNode.outputs],
  };
  const rest = graph.nodes.map((n) => (n === scaleNode ? identity : n));
  const at = Math.max(0, rest.findIndex((n) => n.outputs.includes(x)) + 1);
  const nodes = redirectUses([...rest.slice(0, at), mul, ...rest.slice(at)], x, scaled, new Set([mul]));
  const { composites: _dropped, ...others } = graph;
  return { graph: { ...others, nodes }, count: 1 };
}

/** The Slices of one value along its last axis into `parts` equal blocks, by block index. */
function gateSlices(view: GraphView, value: string, parts: number): GraphNode[] | undefined {
  const slices = view.consumers(value).filter((n) => n.op === 'Slice' && n.attrs.axes.join() === '-1');
  const width = slices.map((s) => (s.op === 'Slice' ? s.attrs.ends[0]! - s.attrs.starts[0]! : 0));
  if (slices.length !== parts || new Set(width).size !== 1) return undefined;
  return slices;
}

/** LSTM input and forget gates swapped: the i and f blocks of the gate pre-activations read each other's columns. */
export const lstmInputForgetSwapped: NodeRewrite = (node, view) => {
  if (node.op !== 'Slice') return undefined;
  const slices = gateSlices(view, node.inputs[0]!, 4);
  if (!slices) return undefined;
  const u = node.attrs.ends[0]! - node.attrs.starts[0]!;
  const start = node.attrs.starts[0]!;
  if (start !== 0 && start !== u) return undefined;
  const swapped = start === 0 ? u : 0;
  return [{ ...node, attrs: { ...node.attrs, starts: [swapped], ends: [swapped + u] } }];
};

/**
 * GRU (resetAfter) with the reset gate applied before the recurrent product: (r * h) @ R_h + b_h
 * instead of r * (h @ R_h + b_h).
 */
export const gruResetBeforeProduct: NodeRewrite = (node, view) => {
  if (node.op !== 'Mul') return undefined;
  const [r = '', s = ''] = node.inputs;
  const slice = view.producer(s);
  if (view.producer(r)?.op !== 'Sigmoid' || slice?.op !== 'Slice' || slice.attrs.axes.join() !== '-1') return undefined;
  const all = view.producer(slice.inputs[0]!);
  const matmul = all?.op === 'MatMul' ? all : all?.op === 'Add' ? view.producer(all.inputs[0]!) : undefined;
  if (matmul?.op !== 'MatMul' || !gateSlices(view, slice.inputs[0]!, 3)) return undefined;
  const bias = all?.op === 'Add' ? all.inputs[1] : undefined;
  const [h = '', kernel = ''] = matmul.inputs;
  const cols = { starts: [...slice.attrs.starts], ends: [...slice.attrs.ends], axes: [-1], steps: [] };
  const rh = view.fresh('reset_h');
  const k = view.fresh('candidate_kernel');
  const product = view.fresh('reset_h_product');
  const nodes: GraphNode[] = [
    { op: 'Mul', name: rh, inputs: [r, h], attrs: {}, outputs: [rh] },
    { op: 'Slice', name: k, inputs: [kernel], attrs: cols, outputs: [k] },
  ];
  if (bias === undefined) return [...nodes, { op: 'MatMul', name: node.name, inputs: [rh, k], attrs: {}, outputs: [...node.outputs] }];
  const b = view.fresh('candidate_bias');
  return [
    ...nodes,
    { op: 'MatMul', name: product, inputs: [rh, k], attrs: {}, outputs: [product] },
    { op: 'Slice', name: b, inputs: [bias], attrs: cols, outputs: [b] },
    { op: 'Add', name: node.name, inputs: [product, b], attrs: {}, outputs: [...node.outputs] },
  ];
};
