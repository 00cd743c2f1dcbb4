import type { Graph, GraphNode } from '../graph/types.js';
import { inEveryBody, makeNode } from './rewrite.js';
import { rewriteScans, type ScanEdit } from './scan-edit.js';

/** The node making `value` when it is op `op` and `reader` is the only reader of `value`. */
function feeding(edit: ScanEdit, value: string, reader: GraphNode, op: GraphNode['op']): GraphNode | undefined {
  const node = edit.body.producer(value);
  return node?.op === op && edit.body.isFree(node) && edit.body.soleReader(value) === reader ? node : undefined;
}

function isUnsqueeze(node: GraphNode | undefined, axis: number): boolean {
  return node?.op === 'Unsqueeze' && node.attrs.axes.length === 1 && node.attrs.axes[0] === axis;
}

/** A captured rank-3 value: keys `(B, L, n)`. */
function capturedKeys(edit: ScanEdit, value: string): string | undefined {
  const outer = edit.capturedOuter(value);
  return outer !== undefined && edit.body.types.get(value)!.shape.length === 3 ? outer : undefined;
}

/** Keys transposed once before the loop, `(B, n, L)`, captured; returns the body value. */
function transposedKeys(edit: ScanEdit, outer: string, made: Map<string, string>): string {
  const known = made.get(outer);
  if (known !== undefined) return known;
  const t = edit.outerName(`${outer}_transposed`);
  edit.addBefore(makeNode('Transpose', t, [outer], { perm: [0, 2, 1] }, [t]));
  const captured = edit.capture(t);
  made.set(outer, captured);
  return captured;
}

/** `v . tanh(keys + q[:, None, :])` as `MatMul(Tanh(Add(keys, Unsqueeze(q, 1))), v)`. */
function additive(edit: ScanEdit, node: GraphNode, made: Map<string, string>): boolean {
  if (node.op !== 'MatMul' || !edit.body.isFree(node)) return false;
  const vOuter = edit.capturedOuter(node.inputs[1]!);
  const tanh = feeding(edit, node.inputs[0]!, node, 'Tanh');
  if (vOuter === undefined || edit.body.types.get(node.inputs[1]!)!.shape.length !== 1 || !tanh) return false;
  const add = feeding(edit, tanh.inputs[0]!, tanh, 'Add');
  if (!add) return false;
  for (const side of [0, 1]) {
    const keys = capturedKeys(edit, add.inputs[side]!);
    const unsqueeze = feeding(edit, add.inputs[1 - side]!, add, 'Unsqueeze');
    if (keys === undefined || !unsqueeze || !isUnsqueeze(unsqueeze, 1)) continue;
    if ([node, tanh, add, unsqueeze].some((n) => edit.bodyEdit.touches(n))) return false;
    const keysT = transposedKeys(edit, keys, made);
    const vRowOuter = edit.outerName(`${vOuter}_row`);
    edit.addBefore(makeNode('Unsqueeze', vRowOuter, [vOuter], { axes: [0] }, [vRowOuter]));
    const vRow = edit.capture(vRowOuter);
    const [column, sum, hidden, row, scores] = ['column', 'sum', 'hidden', 'row', 'scores'].map((s) =>
      edit.bodyName(`${node.name}_${s}`),
    ) as [string, string, string, string, string];
    const nodes = [
      makeNode('Unsqueeze', column, [unsqueeze.inputs[0]!], { axes: [2] }, [column]),
      makeNode('Add', sum, [keysT, column], {}, [sum]),
      makeNode('Tanh', hidden, [sum], {}, [hidden]),
      makeNode('MatMul', row, [vRow, hidden], {}, [row]),
      makeNode('Squeeze', scores, [row], { axes: [1] }, [scores]),
    ];
    for (const n of nodes) edit.bodyEdit.insertBefore(node, n);
    edit.bodyEdit.remove(node, scores);
    for (const n of [tanh, add, unsqueeze]) edit.bodyEdit.drop(n);
    return true;
  }
  return false;
}

/** `keys . q` as `Squeeze(MatMul(keys, Unsqueeze(q, 2)), 2)`. */
function dot(edit: ScanEdit, node: GraphNode, made: Map<string, string>): boolean {
  if (node.op !== 'Squeeze' || !edit.body.isFree(node) || node.attrs.axes.length !== 1 || node.attrs.axes[0] !== 2) return false;
  const product = feeding(edit, node.inputs[0]!, node, 'MatMul');
  if (!product) return false;
  const keys = capturedKeys(edit, product.inputs[0]!);
  const unsqueeze = feeding(edit, product.inputs[1]!, product, 'Unsqueeze');
  if (keys === undefined || !unsqueeze || !isUnsqueeze(unsqueeze, 2)) return false;
  if ([node, product, unsqueeze].some((n) => edit.bodyEdit.touches(n))) return false;
  const keysT = transposedKeys(edit, keys, made);
  const [row, scoresRow, scores] = ['row', 'scores_row', 'scores'].map((s) => edit.bodyName(`${node.name}_${s}`)) as [
    string,
    string,
    string,
  ];
  edit.bodyEdit.insertBefore(node, makeNode('Unsqueeze', row, [unsqueeze.inputs[0]!], { axes: [1] }, [row]));
  edit.bodyEdit.insertBefore(node, makeNode('MatMul', scoresRow, [row, keysT], {}, [scoresRow]));
  edit.bodyEdit.insertBefore(node, makeNode('Squeeze', scores, [scoresRow], { axes: [1] }, [scores]));
  edit.bodyEdit.remove(node, scores);
  edit.bodyEdit.drop(product);
  edit.bodyEdit.drop(unsqueeze);
  return true;
}

function transpose(edit: ScanEdit): boolean {
  const made = new Map<string, string>();
  let changed = false;
  for (const node of edit.scan.attrs.body.nodes) changed = additive(edit, node, made) || dot(edit, node, made) || changed;
  return changed;
}

/**
 * Attention scores inside a Scan step against captured keys `(B, L, n)`: the keys are transposed once
 * before the loop to `(B, n, L)`, so a step's scores are one row times a matrix per batch,
 * `(1, n) @ (n, L)`, instead of a matrix times a column. onnxruntime runs the column form as an N = 1
 * GEMM, several times slower. Additive (`v . tanh(keys + q)`) and dot (`keys . q`) scores.
 */
export const transposeStepKeys = inEveryBody((graph: Graph): Graph => rewriteScans(graph, transpose));
