import { LayerspecError } from '../errors.js';
import type { Graph } from '../graph/types.js';
import { formatShape } from '../tensor.js';
import type { HostTensor } from '../types.js';

/**
 * For a backend whose runtime cannot run empty tensors (it crashes or divides by zero): rejects a run
 * with a 0 in any input's shape before the runtime sees it, naming the input, the dim and `why`.
 * Call after `bindRun`.
 */
export function rejectEmptyDims(graph: Graph, inputs: Readonly<Record<string, HostTensor>>, why: string): void {
  for (const v of graph.inputs) {
    const t = inputs[v.name]!;
    const i = t.shape.indexOf(0);
    if (i < 0) continue;
    const dim = v.type.shape[i];
    const label = typeof dim === 'string' ? ` ('${dim}')` : '';
    throw new LayerspecError(
      graph.name,
      `input '${v.name}' dim ${i}${label} is 0 (shape ${formatShape(t.shape)}): this backend does not run empty tensors (${why}); ` +
        'the ref and tfjs-cpu backends do',
    );
  }
}
