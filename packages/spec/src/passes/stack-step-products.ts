import type { Graph, GraphNode } from '../graph/types.js';
import { inEveryBody, makeNode } from './rewrite.js';
import { rewriteScans, type ScanEdit } from './scan-edit.js';

/** `a @ A` with a captured 2-D matrix `A`, read only by the Add being matched. */
interface CapturedProduct {
  node: GraphNode;
  left: string;
  outerWeight: string;
}

function capturedProduct(edit: ScanEdit, value: string, reader: GraphNode): CapturedProduct | undefined {
  const node = edit.body.producer(value);
  if (node?.op !== 'MatMul' || !edit.body.isFree(node) || edit.body.soleReader(value) !== reader) return undefined;
  const outerWeight = edit.capturedOuter(node.inputs[1]!);
  if (outerWeight === undefined || edit.body.types.get(node.inputs[1]!)!.shape.length !== 2) return undefined;
  if (edit.body.types.get(node.inputs[0]!)!.shape.length !== 2) return undefined;
  return { node, left: node.inputs[0]!, outerWeight };
}

/** `rest + a @ A + b @ B` (or `a @ A + b @ B`) at `add`, the two products feeding it. */
function match(
  edit: ScanEdit,
  add: GraphNode,
): { rest?: string; inner?: GraphNode; first: CapturedProduct; second: CapturedProduct } | undefined {
  if (add.op !== 'Add' || !edit.body.isFree(add)) return undefined;
  for (const side of [0, 1]) {
    const second = capturedProduct(edit, add.inputs[side]!, add);
    if (!second) continue;
    const other = add.inputs[1 - side]!;
    const direct = capturedProduct(edit, other, add);
    if (direct) return { first: direct, second };
    const inner = edit.body.producer(other);
    if (inner?.op !== 'Add' || !edit.body.isFree(inner) || edit.body.soleReader(other) !== add) continue;
    for (const s of [0, 1]) {
      const first = capturedProduct(edit, inner.inputs[s]!, inner);
      if (first) return { rest: inner.inputs[1 - s]!, inner, first, second };
    }
  }
  return undefined;
}

function stack(edit: ScanEdit): boolean {
  let changed = false;
  for (const node of edit.scan.attrs.body.nodes) {
    const m = match(edit, node);
    const touched = [node, m?.inner, m?.first.node, m?.second.node].some((n) => n && edit.bodyEdit.touches(n));
    if (!m || touched) continue;
    const cols = (w: string) => edit.outerType(w).shape[1];
    if (cols(m.first.outerWeight) !== cols(m.second.outerWeight)) continue;
    const stacked = edit.outerName(`${m.first.outerWeight}_stacked`);
    edit.addBefore(makeNode('Concat', stacked, [m.first.outerWeight, m.second.outerWeight], { axis: 0 }, [stacked]));
    const w = edit.capture(stacked);
    const joined = edit.bodyName(`${node.name}_joined`);
    const product = edit.bodyName(`${node.name}_stacked_product`);
    edit.bodyEdit.insertBefore(node, makeNode('Concat', joined, [m.first.left, m.second.left], { axis: -1 }, [joined]));
    edit.bodyEdit.insertBefore(node, makeNode('MatMul', product, [joined, w], {}, [product]));
    if (m.rest !== undefined) {
      edit.bodyEdit.replace(node, { ...node, inputs: [m.rest, product] });
      edit.bodyEdit.drop(m.inner!);
    } else {
      edit.bodyEdit.remove(node, product);
    }
    edit.bodyEdit.drop(m.first.node);
    edit.bodyEdit.drop(m.second.node);
    changed = true;
  }
  return changed;
}

/**
 * `a @ A + b @ B -> [a ; b] @ [A ; B]` inside a Scan step, with `A` and `B` captured (weights), the
 * stacked matrix built once before the loop: one product per step instead of two. An LSTM or SimpleRNN
 * step reading `[x_t ; e_t]` becomes the hoisted `x_t` rows plus `[e_t ; h] @ [K_e ; R]`.
 */
export const stackStepProducts = inEveryBody((graph: Graph): Graph => rewriteScans(graph, stack));
