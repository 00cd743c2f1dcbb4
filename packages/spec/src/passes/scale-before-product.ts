import type { Graph, GraphNode, NodeOf } from '../graph/types.js';
import type { Dim } from '../types.js';
import { GraphEdit, GraphIndex, copyConstant, inEveryBody, makeNode, withInputs } from './rewrite.js';

/** A `Mul` of a product by a scalar constant: `(a @ b) * s`, with the product read by nothing else. */
interface ScaledProduct {
  mul: GraphNode;
  product: NodeOf<'MatMul'>;
  scale: NodeOf<'Constant'>;
}

function match(index: GraphIndex, mul: GraphNode): ScaledProduct | undefined {
  if (mul.op !== 'Mul' || !index.isFree(mul)) return undefined;
  for (const side of [0, 1]) {
    const scale = index.scalarConstant(mul.inputs[1 - side]!);
    const product = index.producer(mul.inputs[side]!);
    if (!scale || product?.op !== 'MatMul' || !index.isFree(product)) continue;
    if (index.soleReader(product.outputs[0]!) !== mul || index.isReturned(mul.outputs[0]!)) continue;
    return { mul, product, scale };
  }
  return undefined;
}

/** Scaling `a` (rows x n) instead of `a @ b` (rows x m) costs n instead of m per row: worth it unless m < n is known. */
function cheaper(a: readonly Dim[], out: readonly Dim[]): boolean {
  const n = a[a.length - 1];
  const m = out[out.length - 1];
  return !(typeof n === 'number' && typeof m === 'number' && m < n);
}

/**
 * `(a @ b) * s -> (a * s) @ b` for a scalar constant `s`: the same value (up to rounding), with the
 * multiplications done on `a` (`rows * n`) instead of on the product (`rows * m`). Scaled dot-product
 * attention's `scale * (q @ k^T)` becomes `(scale * q) @ k^T`: `Tq*dk` multiplications instead of `Tq*Tk`.
 */
export const scaleBeforeProduct = inEveryBody((graph: Graph): Graph => {
  const index = new GraphIndex(graph);
  const edit = new GraphEdit();
  for (const node of graph.nodes) {
    const m = match(index, node);
    if (!m || edit.touches(m.product)) continue;
    const a = m.product.inputs[0]!;
    if (!cheaper(index.types.get(a)!.shape, index.types.get(m.product.outputs[0]!)!.shape)) continue;
    const s = index.fresh(`${m.scale.name}_scale`, edit.taken);
    const scaled = index.fresh(`${m.mul.name}_before_product`, edit.taken);
    edit.insertBefore(m.product, copyConstant(m.scale, s));
    edit.insertBefore(m.product, makeNode('Mul', scaled, [a, s], {}, [scaled]));
    edit.replace(m.product, withInputs(m.product, [scaled, m.product.inputs[1]!]));
    edit.remove(m.mul, m.product.outputs[0]!);
  }
  return edit.empty ? graph : edit.apply(graph);
});
