import { LayerspecError } from '../errors.js';
import type { ValueInfo } from '../ops/define.js';
import { inferNode, resolveAttrs } from '../ops/resolve.js';
import { isOpName } from '../ops/table.js';
import { formatType } from '../tensor.js';
import { isDType, type TensorType } from '../types.js';
import { outputValue, type Graph } from './types.js';
import { verifyComposites } from './verify-composites.js';
import { graphShapeProblem } from './graph-shape.js';

function sameType(a: TensorType, b: TensorType): boolean {
  return a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i]);
}

function checkType(type: TensorType, where: string): void {
  if (!isDType(type.dtype)) throw new LayerspecError(where, `unknown dtype '${String(type.dtype)}'`);
  for (const d of type.shape) {
    const ok = typeof d === 'string' ? d.length > 0 : Number.isInteger(d) && d >= 0;
    if (!ok) throw new LayerspecError(where, `invalid dim ${JSON.stringify(d)}`);
  }
}

/**
 * Checks a graph end to end: every name defined once and before use, every op known, every attribute
 * valid, every node's types re-inferred, every output declared with the type it has.
 * Returns the type of every value. Errors name the graph and the node.
 */
export function verifyGraph(graph: Graph): Map<string, ValueInfo> {
  // A graph read from JSON may be a subgraph attribute no document check has seen.
  const problem = graphShapeProblem(graph);
  if (problem) throw new LayerspecError(typeof graph.name === 'string' ? graph.name : 'verifyGraph', problem);
  const types = new Map<string, ValueInfo>();
  const define = (name: string, type: ValueInfo, where: string): void => {
    if (name === '') throw new LayerspecError(where, 'a value has an empty name');
    if (types.has(name)) throw new LayerspecError(where, `the name '${name}' is defined twice`);
    types.set(name, type);
  };
  for (const v of graph.inputs) {
    checkType(v.type, `${graph.name}: input '${v.name}'`);
    define(v.name, v.type, `${graph.name}: input '${v.name}'`);
  }
  for (const p of graph.params) {
    const where = `${graph.name}: weight '${p.name}'`;
    checkType(p.type, where);
    if (!p.type.shape.every((d) => typeof d === 'number')) throw new LayerspecError(where, 'weights must have static shapes');
    define(p.name, p.type, where);
  }
  for (const node of graph.nodes) {
    const where = `${graph.name}: node '${node.name}' (${node.op})`;
    if (!isOpName(node.op)) throw new LayerspecError(where, `unknown op '${node.op}'`);
    const inputs = node.inputs.map((name) => {
      if (name === '') return undefined;
      const t = types.get(name);
      if (!t) throw new LayerspecError(where, `input '${name}' is not defined before this node`);
      return t;
    });
    const attrs = resolveAttrs(node.op, node.attrs, where);
    const out = inferNode(node.op, inputs, attrs, where);
    if (out.length !== node.outputs.length) {
      throw new LayerspecError(where, `${node.op} has ${out.length} outputs, the node names ${node.outputs.length}`);
    }
    node.outputs.forEach((name, i) => define(name, out[i]!, where));
  }
  for (const o of graph.outputs) {
    const where = `${graph.name}: output '${o.name}'`;
    const t = types.get(outputValue(o));
    if (!t) throw new LayerspecError(where, 'no node produces it');
    if (!sameType(t, o.type)) throw new LayerspecError(where, `declared ${formatType(o.type)}, inferred ${formatType(t)}`);
  }
  verifyComposites(graph);
  return types;
}
