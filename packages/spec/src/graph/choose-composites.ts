import { mapBodies } from './bodies.js';
import type { CompositeOp, CompositeRegion, Graph } from './types.js';

/**
 * `graph` with each composite region of `op`, in it and in every nested body (a Scan's, at any depth),
 * kept or dropped as `keep` says; `scope` is the graph (or body) that holds the region. A kept region
 * is fixed: the graph passes leave its nodes whole and an exporter may write the op. A dropped region is
 * inlined: its nodes stay, the passes may rewrite them, and an exporter writes them as they are.
 * Regions of other ops stay as they are; `graph` itself comes back when nothing changes.
 */
export function chooseComposites(graph: Graph, op: CompositeOp, keep: (region: CompositeRegion, scope: Graph) => boolean): Graph {
  let changed = false;
  const nodes = graph.nodes.map((node) => {
    const chosen = mapBodies(node, (body) => chooseComposites(body, op, keep));
    if (chosen !== node) changed = true;
    return chosen;
  });
  const composites = (graph.composites ?? []).flatMap((region): CompositeRegion[] => {
    if (region.op !== op) return [region];
    const kept = keep(region, graph);
    if (kept && region.rewritable === undefined) return [region];
    changed = true;
    if (!kept) return [];
    const { rewritable: _, ...fixed } = region;
    return [fixed];
  });
  if (!changed) return graph;
  const { composites: _, ...rest } = graph;
  return { ...rest, nodes, ...(composites.length > 0 ? { composites } : {}) };
}
