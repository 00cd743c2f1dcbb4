import { LayerspecError } from '../errors.js';
import type { Graph, GraphValue } from '../graph/types.js';
import { checkHostTensor, formatShape, formatType } from '../tensor.js';
import type { HostTensor } from '../types.js';

/**
 * Checks the tensors given to a run against the graph before anything runs: every input and weight
 * present with its dtype and rank, static dims equal, and each symbolic dim bound to one size across
 * all inputs. Returns the bound sizes of the symbolic dims.
 */
export function bindRun(graph: Graph, inputs: Record<string, HostTensor>, weights: Record<string, HostTensor>): Map<string, number> {
  const bound = new Map<string, { size: number; by: string }>();
  const declared = new Set(graph.inputs.map((v) => v.name));
  for (const name of Object.keys(inputs)) {
    if (!declared.has(name)) {
      throw new LayerspecError(graph.name, `unknown input '${name}' (inputs: ${[...declared].join(', ') || 'none'})`);
    }
  }
  for (const v of graph.inputs) bindOne(graph, v, inputs[v.name], 'input', bound);
  for (const p of graph.params) bindOne(graph, p, weights[p.name], 'weight', bound);
  return new Map([...bound].map(([k, v]) => [k, v.size]));
}

function bindOne(
  graph: Graph,
  v: GraphValue,
  t: HostTensor | undefined,
  kind: 'input' | 'weight',
  bound: Map<string, { size: number; by: string }>,
): void {
  const what = `${kind} '${v.name}'`;
  if (!t) throw new LayerspecError(graph.name, `missing ${what} of type ${formatType(v.type)}`);
  checkHostTensor(t, graph.name, what);
  if (t.dtype !== v.type.dtype) {
    throw new LayerspecError(graph.name, `${what} must be ${v.type.dtype}, got ${t.dtype}`);
  }
  if (t.shape.length !== v.type.shape.length) {
    throw new LayerspecError(
      graph.name,
      `${what} must have rank ${v.type.shape.length} ${formatShape(v.type.shape)}, got rank ${t.shape.length} ${formatShape(t.shape)}`,
    );
  }
  v.type.shape.forEach((dim, i) => {
    const size = t.shape[i]!;
    if (typeof dim === 'number') {
      if (dim !== size) {
        throw new LayerspecError(graph.name, `${what} dim ${i} must be ${dim}, got ${size} (shape ${formatShape(t.shape)}, expected ${formatShape(v.type.shape)})`);
      }
      return;
    }
    const prior = bound.get(dim);
    if (prior && prior.size !== size) {
      throw new LayerspecError(
        graph.name,
        `${what} dim ${i} ('${dim}') is ${size}, but ${prior.by} bound '${dim}' to ${prior.size}`,
      );
    }
    if (!prior) bound.set(dim, { size, by: `${what} dim ${i}` });
  });
}
