import { LayerspecError } from '../errors.js';
import { outputValue, type Graph } from './types.js';

/**
 * A composite region must be replaceable by its op: its nodes exist, its outputs are made inside it,
 * its inputs outside it, and nothing outside reads a value made inside except through its outputs.
 */
export function verifyComposites(graph: Graph): void {
  const byName = new Map(graph.nodes.map((n) => [n.name, n]));
  for (const [i, region] of (graph.composites ?? []).entries()) {
    const where = `${graph.name}: composite ${i} (${region.op})`;
    const inside = new Set<string>();
    for (const name of region.nodes) {
      const node = byName.get(name);
      if (!node) throw new LayerspecError(where, `node '${name}' is not in the graph`);
      for (const o of node.outputs) inside.add(o);
    }
    for (const o of region.outputs)
      if (o !== '' && !inside.has(o)) throw new LayerspecError(where, `output '${o}' is not made inside the region`);
    for (const v of region.inputs) if (inside.has(v)) throw new LayerspecError(where, `input '${v}' is made inside the region`);
    const exposed = new Set(region.outputs);
    const members = new Set(region.nodes);
    const leaks = (name: string) => inside.has(name) && !exposed.has(name);
    for (const node of graph.nodes) {
      if (members.has(node.name)) continue;
      const leaked = node.inputs.find(leaks);
      if (leaked) throw new LayerspecError(where, `node '${node.name}' reads '${leaked}', which the region makes but does not output`);
    }
    const leakedOutput = graph.outputs.map(outputValue).find(leaks);
    if (leakedOutput) throw new LayerspecError(where, `graph output '${leakedOutput}' is made inside the region but is not its output`);
  }
}
