/** Realistic attention faults, each a rewrite of the plain graph (see catalogue.ts). */
import { Random, verifyGraph, type Graph, type GraphNode, type HostTensor } from '@layerspec/spec';
import { logitMatMuls } from '../softmax-sensitivity.js';
import { GraphView, constantNode, redirectUses, rewriteNodes, scalarNode, type NodeRewrite } from './rewrite.js';

/** Values within `depth` producer steps before `value`. */
function coneOf(view: GraphView, value: string, depth: number): Set<string> {
  const seen = new Set<string>([value]);
  let frontier = [value];
  for (let d = 0; d < depth; d++) {
    frontier = frontier.flatMap((v) => view.producer(v)?.inputs ?? []).filter((v) => v !== '' && !seen.has(v));
    for (const v of frontier) seen.add(v);
  }
  return seen;
}

/**
 * The attention scale x1.05: every scalar constant a Mul applies to the logits (right after their
 * MatMul) or to the query side before it (on q itself, or folded into the query projection's kernel and bias).
 */
export const scaleTimes105: NodeRewrite = (node, view) => {
  const value = node.outputs[0]!;
  const scale = node.op === 'Constant' ? view.scalar(value) : undefined;
  if (scale === undefined) return undefined;
  const logits = logitMatMuls(view.graph);
  const querySide = new Set(logits.flatMap((m) => [...coneOf(view, m.inputs[0]!, 8)]));
  const logitValues = new Set(logits.flatMap((m) => m.outputs));
  const isScale = view
    .consumers(value)
    .some((mul) => mul.op === 'Mul' && (querySide.has(mul.outputs[0]!) || mul.inputs.some((v) => logitValues.has(v))));
  return isScale ? [scalarNode(value, scale * 1.05)] : undefined;
};

/** Every Softmax divides its input by a temperature 1.05 first. */
export const softmaxTemperature: NodeRewrite = (node, view) => {
  if (node.op !== 'Softmax') return undefined;
  const t = view.fresh('temperature');
  const divided = view.fresh('tempered');
  return [
    scalarNode(t, 1.05),
    { op: 'Div', name: divided, inputs: [node.inputs[0]!, t], attrs: {}, outputs: [divided] },
    { ...node, inputs: [divided] },
  ];
};

/** The offset of a (Tq, Tk) causal constant (key j allowed iff j <= i + offset), when it is one. */
function causalOffset(t: HostTensor): number | undefined {
  if (t.dtype !== 'bool' || t.shape.length !== 2) return undefined;
  const [tq = 0, tk = 0] = t.shape;
  for (const offset of new Set([0, tk - tq])) {
    let ok = true;
    for (let i = 0; i < tq && ok; i++) for (let j = 0; j < tk && ok; j++) ok = (t.data[i * tk + j] !== 0) === j <= i + offset;
    if (ok) return offset;
  }
  return undefined;
}

function causalConstant(name: string, tq: number, tk: number, offset: number): GraphNode {
  const data = new Uint8Array(tq * tk);
  for (let i = 0; i < tq; i++) for (let j = 0; j < tk; j++) data[i * tk + j] = j <= i + offset ? 1 : 0;
  return constantNode(name, { dtype: 'bool', shape: [tq, tk], data });
}

/**
 * The causal mask lets each query see one key too many (j <= i + 1): a causal constant (static sizes)
 * or a lower Trilu (symbolic sizes) with its diagonal offset k one too large.
 */
export const causalOffByOne: NodeRewrite = (node, view) => {
  if (node.op === 'Trilu' && !node.attrs.upper) {
    const one = view.fresh('one');
    const k = view.fresh('k_plus_one');
    const oneNode = constantNode(one, { dtype: 'int32', shape: [], data: new Int32Array([1]) });
    const given = node.inputs[1];
    if (!given) return [oneNode, { ...node, inputs: [node.inputs[0]!, one] }];
    return [oneNode, { op: 'Add', name: k, inputs: [given, one], attrs: {}, outputs: [k] }, { ...node, inputs: [node.inputs[0]!, k] }];
  }
  if (node.op !== 'Constant') return undefined;
  const offset = causalOffset(node.attrs.value);
  if (offset === undefined) return undefined;
  const [tq = 0, tk = 0] = node.attrs.value.shape;
  return [causalConstant(node.outputs[0]!, tq, tk, offset + 1)];
};

/** A lowerRight causal mask (offset Tk - Tq) built as upperLeft (offset 0). */
export const lowerRightAsUpperLeft: NodeRewrite = (node) => {
  if (node.op !== 'Constant') return undefined;
  const offset = causalOffset(node.attrs.value);
  if (!offset) return undefined;
  const [tq = 0, tk = 0] = node.attrs.value.shape;
  return [causalConstant(node.outputs[0]!, tq, tk, 0)];
};

/** Softcapping left out: c * tanh(x / c) computes x. */
export const softcapMissing: NodeRewrite = (node, view) => {
  if (node.op !== 'Mul') return undefined;
  const [a = '', b = ''] = node.inputs;
  const cap = view.scalar(b);
  const tanh = view.producer(a);
  if (cap === undefined || tanh?.op !== 'Tanh') return undefined;
  const div = view.producer(tanh.inputs[0]!);
  if (div?.op !== 'Div' || view.scalar(div.inputs[1]!) !== cap) return undefined;
  return [{ op: 'Identity', name: node.name, inputs: [div.inputs[0]!], attrs: {}, outputs: [...node.outputs] }];
};

/**
 * Grouped-query heads shared as h % G instead of floor(h / G): the key/value heads are repeated as
 * (B, G, Hkv, ...) instead of (B, Hkv, G, ...) before the reshape to (B, Hq, ...).
 */
export const groupedHeadsModulo: NodeRewrite = (node, view) => {
  if (node.op !== 'Expand') return undefined;
  const unsqueeze = view.producer(node.inputs[0]!);
  const shape = view.constant(node.inputs[1]!);
  if (unsqueeze?.op !== 'Unsqueeze' || unsqueeze.attrs.axes.join() !== '2' || !shape || shape.data.length !== 5) return undefined;
  const group = shape.data[2]!;
  if (group <= 1) return undefined;
  const inner = view.fresh('heads_first');
  const repeats = view.fresh('repeats');
  return [
    { op: 'Unsqueeze', name: inner, inputs: [unsqueeze.inputs[0]!], attrs: { axes: [1] }, outputs: [inner] },
    constantNode(repeats, { dtype: 'int32', shape: [5], data: new Int32Array([1, group, 1, 1, 1]) }),
    { ...node, inputs: [inner, repeats] },
  ];
};

/** Dropout left on at inference: a fixed drop pattern, survivors scaled by 1 / (1 - ratio). */
export const dropoutLeftOn: NodeRewrite = (node, view) => {
  if (node.op !== 'Dropout' || node.attrs.ratio === 0) return undefined;
  const type = verifyGraph(view.graph).get(node.inputs[0]!);
  const shape = type?.shape.filter((d): d is number => typeof d === 'number');
  if (!type || !shape || shape.length !== type.shape.length) return undefined;
  const rng = new Random(node.attrs.seed + 1, 3);
  const keep = 1 / (1 - node.attrs.ratio);
  const data = new Float32Array(shape.reduce((a, d) => a * d, 1));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform() < node.attrs.ratio ? 0 : keep;
  const mask = view.fresh('dropout_mask');
  return [
    constantNode(mask, { dtype: 'float32', shape, data }),
    { op: 'Mul', name: node.name, inputs: [node.inputs[0]!, mask], attrs: {}, outputs: [...node.outputs] },
  ];
};

/** Every bool input (the masks) has its first element inverted before any node reads it. */
export function maskInvertedAtOnePosition(graph: Graph): { graph: Graph; count: number } {
  const view = new GraphView(graph);
  let nodes: GraphNode[] = [...graph.nodes];
  let count = 0;
  for (const input of graph.inputs) {
    if (input.type.dtype !== 'bool' || !input.type.shape.every((d) => typeof d === 'number')) continue;
    const shape = input.type.shape.map(Number);
    const flip = new Uint8Array(shape.reduce((a, d) => a * d, 1));
    flip[0] = 1;
    const one = view.fresh(`${input.name}_flip`);
    const flipped = view.fresh(`${input.name}_flipped`);
    const xor: GraphNode = { op: 'Xor', name: flipped, inputs: [input.name, one], attrs: {}, outputs: [flipped] };
    nodes = [constantNode(one, { dtype: 'bool', shape, data: flip }), xor, ...redirectUses(nodes, input.name, flipped, new Set([xor]))];
    count++;
  }
  const { composites: _dropped, ...rest } = graph;
  return { graph: count ? { ...rest, nodes } : graph, count };
}

export const rewriteWith = (rewrite: NodeRewrite) => (graph: Graph) => rewriteNodes(graph, rewrite);
