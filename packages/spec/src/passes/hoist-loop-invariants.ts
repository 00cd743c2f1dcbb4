import type { Graph, GraphNode, NodeOf } from '../graph/types.js';
import { copyConstant, inEveryBody } from './rewrite.js';
import { rewriteScans, type ScanEdit } from './scan-edit.js';

/** Ops that must stay in the loop even when their inputs do not change: they draw a new pattern per step, or are loops. */
const PINNED: ReadonlySet<GraphNode['op']> = new Set(['Dropout', 'Scan', 'Constant']);

function hoist(edit: ScanEdit): boolean {
  const body = edit.scan.attrs.body;
  const returned = new Set(body.outputs.map((o) => o.value ?? o.name));
  /** Body value -> the outer value it equals, for captures and hoisted values. */
  const outerOf = new Map<string, string>();
  for (const input of body.inputs) {
    const outer = edit.capturedOuter(input.name);
    if (outer !== undefined) outerOf.set(input.name, outer);
  }
  const constants = new Map<string, NodeOf<'Constant'>>();
  for (const node of body.nodes) if (node.op === 'Constant') constants.set(node.outputs[0]!, node);
  let moved = false;
  for (const node of body.nodes) {
    if (PINNED.has(node.op) || !edit.body.isFree(node) || node.outputs.some((o) => returned.has(o))) continue;
    const given = node.inputs.filter((i) => i !== '');
    if (!given.every((i) => outerOf.has(i) || constants.has(i)) || !given.some((i) => outerOf.has(i))) continue;
    const inputs = node.inputs.map((i) => {
      if (i === '') return i;
      const known = outerOf.get(i);
      if (known !== undefined) return known;
      const copy = edit.outerName(i);
      edit.addBefore(copyConstant(constants.get(i)!, copy));
      outerOf.set(i, copy);
      return copy;
    });
    const outputs = node.outputs.map((o) => edit.outerName(o));
    const name = outputs.length === 1 ? outputs[0]! : edit.outerName(node.name);
    edit.addBefore({ ...node, name, inputs, outputs });
    edit.bodyEdit.drop(node);
    node.outputs.forEach((o, i) => {
      edit.capture(outputs[i]!, o);
      outerOf.set(o, outputs[i]!);
    });
    moved = true;
  }
  return moved;
}

/**
 * Moves every Scan body node whose inputs are all captures (or values made from captures and constants)
 * out of the loop: it runs once before the Scan, and the body captures its result under the same name.
 * A recurrent cell's weight slices and bias rows, and terms of the memory, are computed once per run
 * instead of once per step.
 */
export const hoistLoopInvariants = inEveryBody((graph: Graph): Graph => rewriteScans(graph, hoist));
