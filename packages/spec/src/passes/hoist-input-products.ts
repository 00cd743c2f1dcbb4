import type { Graph, GraphNode, NodeOf } from '../graph/types.js';
import { inEveryBody, makeNode } from './rewrite.js';
import { rewriteScans, type ScanEdit } from './scan-edit.js';

/** A step's product of its scanned slice (alone, or first in a Concat) with a captured matrix, plus a captured bias. */
interface InputProduct {
  product: NodeOf<'MatMul'>;
  /** The scan input's body value, its index, and its scanned axis. */
  slice: string;
  scanIndex: number;
  /** With `[slice ; extra] @ w`: the Concat and the other part. */
  concat?: { node: GraphNode; extra: string; sliceWidth: number };
  weight: string;
  /** `(.. @ w) + c` with a captured bias `c` of rank <= 1 (the same for every batch row and step). */
  bias?: { add: GraphNode; outer: string };
}

function match(edit: ScanEdit, product: GraphNode): InputProduct | undefined {
  const body = edit.body;
  if (product.op !== 'MatMul' || !body.isFree(product)) return undefined;
  const weight = edit.capturedOuter(product.inputs[1]!);
  const weightType = body.types.get(product.inputs[1]!)!;
  if (weight === undefined || weightType.shape.length !== 2) return undefined;
  let slice = product.inputs[0]!;
  let concat: InputProduct['concat'];
  const left = body.producer(slice);
  if (left?.op === 'Concat' && body.isFree(left) && left.inputs.length === 2 && body.soleReader(slice) === product) {
    const rank = body.types.get(slice)!.shape.length;
    const width = body.types.get(left.inputs[0]!)!.shape[rank - 1];
    if ((left.attrs.axis !== -1 && left.attrs.axis !== rank - 1) || typeof width !== 'number') return undefined;
    concat = { node: left, extra: left.inputs[1]!, sliceWidth: width };
    slice = left.inputs[0]!;
  }
  const role = edit.role(slice);
  if (role?.kind !== 'scan' || body.soleReader(slice) !== (concat?.node ?? product)) return undefined;
  // The whole-sequence product needs the scanned axis outside the product's last axis.
  const outerRank = body.types.get(slice)!.shape.length + 1;
  if (role.axis === outerRank - 1 || role.axis === -1) return undefined;
  let bias: InputProduct['bias'];
  const add = body.soleReader(product.outputs[0]!);
  if (add?.op === 'Add' && body.isFree(add)) {
    const other = add.inputs[0] === product.outputs[0] ? add.inputs[1]! : add.inputs[0]!;
    const outer = edit.capturedOuter(other);
    if (outer !== undefined && body.types.get(other)!.shape.length <= 1) bias = { add, outer };
  }
  return { product, slice, scanIndex: role.index, weight, ...(concat ? { concat } : {}), ...(bias ? { bias } : {}) };
}

function hoist(edit: ScanEdit): boolean {
  let changed = false;
  for (const node of edit.scan.attrs.body.nodes) {
    const m = match(edit, node);
    if (!m || edit.bodyEdit.touches(m.product)) continue;
    const role = edit.role(m.slice);
    if (role?.kind !== 'scan') continue;
    let weight = m.weight;
    let extraWeight: string | undefined;
    if (m.concat) {
      const rows = edit.outerType(m.weight).shape[0] as number;
      weight = edit.outerName(`${m.weight}_input_rows`);
      extraWeight = edit.outerName(`${m.weight}_extra_rows`);
      edit.addBefore(makeNode('Slice', weight, [m.weight], { starts: [0], ends: [m.concat.sliceWidth], axes: [0] }, [weight]));
      edit.addBefore(makeNode('Slice', extraWeight, [m.weight], { starts: [m.concat.sliceWidth], ends: [rows], axes: [0] }, [extraWeight]));
    }
    let projected = edit.outerName(`${role.outer}_projected`);
    edit.addBefore(makeNode('MatMul', projected, [role.outer, weight], {}, [projected]));
    if (m.bias) {
      const biased = edit.outerName(`${role.outer}_projected_biased`);
      edit.addBefore(makeNode('Add', biased, [projected, m.bias.outer], {}, [biased]));
      projected = biased;
    }
    edit.replaceScanInput(m.scanIndex, projected);
    // In the body the slice is now this step's row of the projection.
    let result = m.slice;
    if (m.concat && extraWeight) {
      const w = edit.capture(extraWeight);
      const extra = edit.bodyName(`${m.product.name}_extra`);
      const sum = edit.bodyName(`${m.product.name}_sum`);
      edit.bodyEdit.insertBefore(m.product, makeNode('MatMul', extra, [m.concat.extra, w], {}, [extra]));
      edit.bodyEdit.insertBefore(m.product, makeNode('Add', sum, [m.slice, extra], {}, [sum]));
      edit.bodyEdit.drop(m.concat.node);
      result = sum;
    }
    if (m.bias) {
      edit.bodyEdit.drop(m.product);
      edit.bodyEdit.remove(m.bias.add, result);
    } else {
      edit.bodyEdit.remove(m.product, result);
    }
    changed = true;
  }
  return changed;
}

/**
 * Moves a Scan step's product of its scanned slice with a captured matrix (`x_t @ K`, plus a captured
 * bias) out of the loop, as one product over the whole sequence that the Scan then slices: one large
 * product instead of one small one per step. With a step input `[x_t ; e_t] @ K`, only `x_t`'s rows of
 * `K` move out; the step keeps `e_t @ K_e` and adds the projected row.
 */
export const hoistInputProducts = inEveryBody((graph: Graph): Graph => rewriteScans(graph, hoist));
