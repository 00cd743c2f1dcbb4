import type { Graph, GraphNode, NodeOf } from '../graph/types.js';
import { sizeOf } from '../tensor.js';
import { GraphEdit, GraphIndex, copyConstant, inEveryBody, makeNode, withInputs } from './rewrite.js';

/** The projection a scalar multiplies: `x @ w (+ c)`, then layout ops and left sides of products, each read once. */
interface ScaledProjection {
  mul: GraphNode;
  scale: NodeOf<'Constant'>;
  /** The value the Mul scales (the start of the chain); the Mul's readers read it instead. */
  scaled: string;
  product: NodeOf<'MatMul'>;
  /** The Add of a weight-only bias, and which of its inputs is the bias. */
  bias?: { add: NodeOf<'Add'>; side: number };
}

const LAYOUT_OPS: ReadonlySet<GraphNode['op']> = new Set(['Transpose', 'Reshape']);

function match(index: GraphIndex, mul: GraphNode): ScaledProjection | undefined {
  if (mul.op !== 'Mul' || !index.isFree(mul) || index.isReturned(mul.outputs[0]!)) return undefined;
  for (const side of [0, 1]) {
    const scale = index.scalarConstant(mul.inputs[1 - side]!);
    if (!scale) continue;
    const scaled = mul.inputs[side]!;
    let value = scaled;
    let reader: GraphNode = mul;
    let node = index.producer(value);
    // The scale commutes with layout ops, which move elements without changing them, and with the left
    // operand of a product of two computed values (s * (a @ b) = (s * a) @ b).
    const passes = (n: GraphNode): boolean =>
      LAYOUT_OPS.has(n.op) || (n.op === 'MatMul' && !index.isWeightOnly(n.inputs[0]!) && !index.isWeightOnly(n.inputs[1]!));
    while (node && passes(node) && index.isFree(node) && index.soleReader(value) === reader) {
      reader = node;
      value = node.inputs[0]!;
      node = index.producer(value);
    }
    if (!node || !index.isFree(node) || index.soleReader(value) !== reader) continue;
    let bias: ScaledProjection['bias'];
    if (node.op === 'Add') {
      const biasSide = [1, 0].find((i) => index.isWeightOnly(node!.inputs[i]!) && !index.isWeightOnly(node!.inputs[1 - i]!));
      if (biasSide === undefined) continue;
      bias = { add: node, side: biasSide };
      value = node.inputs[1 - biasSide]!;
      reader = node;
      node = index.producer(value);
      if (!node || !index.isFree(node) || index.soleReader(value) !== reader) continue;
    }
    if (node.op !== 'MatMul' || !index.isWeightOnly(node.inputs[1]!) || index.isWeightOnly(node.inputs[0]!)) continue;
    return { mul, scale, scaled, product: node, ...(bias ? { bias } : {}) };
  }
  return undefined;
}

/** True when scaling the weights is known not to cost more than scaling the projection's result. */
function cheaper(index: GraphIndex, m: ScaledProjection): boolean {
  const weights = index.types.get(m.product.inputs[1]!)!.shape;
  const out = index.types.get(m.scaled)!.shape;
  if (!out.every((d) => typeof d === 'number')) return true;
  return sizeOf(weights.map(Number)) <= sizeOf(out.map(Number));
}

/**
 * `(x @ w + c) * s -> x @ (w * s) + c * s` when `w` and `c` are computed from weights alone and `s` is a
 * scalar constant, also when Transposes, Reshapes or products `(.) @ k` with a computed `k` lie between
 * the projection and the Mul: the weights are multiplied (`D*n + n` values per run) instead of every
 * projected row or product. MultiHeadAttention's `(1/sqrt(keyDim)) * (q @ k^T)`, with `q` the projected
 * queries split into heads, becomes a product of queries projected by a scaled kernel and bias.
 */
export const foldScaleIntoWeights = inEveryBody((graph: Graph): Graph => {
  const index = new GraphIndex(graph);
  const edit = new GraphEdit();
  for (const node of graph.nodes) {
    const m = match(index, node);
    if (!m || edit.touches(m.product) || (m.bias && edit.touches(m.bias.add)) || !cheaper(index, m)) continue;
    const s = index.fresh(`${m.scale.name}_folded`, edit.taken);
    edit.insertBefore(m.product, copyConstant(m.scale, s));
    const w = index.fresh(`${m.product.name}_scaled_weight`, edit.taken);
    edit.insertBefore(m.product, makeNode('Mul', w, [m.product.inputs[1]!, s], {}, [w]));
    edit.replace(m.product, withInputs(m.product, [m.product.inputs[0]!, w]));
    if (m.bias) {
      const { add, side } = m.bias;
      const c = index.fresh(`${add.name}_scaled_bias`, edit.taken);
      edit.insertBefore(add, makeNode('Mul', c, [add.inputs[side]!, s], {}, [c]));
      edit.replace(
        add,
        withInputs(
          add,
          add.inputs.map((v, i) => (i === side ? c : v)),
        ),
      );
    }
    edit.remove(m.mul, m.scaled);
  }
  return edit.empty ? graph : edit.apply(graph);
});
