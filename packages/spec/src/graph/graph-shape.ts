import { echo } from '../errors.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNames = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isType = (v: unknown): boolean => isRecord(v) && typeof v['dtype'] === 'string' && Array.isArray(v['shape']);

const MISSING = 'missing name, inputs, params, outputs or nodes';

/**
 * What is wrong with the JSON structure of a graph (its values, nodes and composite regions), or undefined.
 * Checked before anything reads the graph, for a document and for every subgraph (a Scan body) in it.
 */
export function graphShapeProblem(v: unknown): string | undefined {
  if (!isRecord(v) || typeof v['name'] !== 'string') return MISSING;
  for (const key of ['inputs', 'outputs', 'params']) {
    const list = v[key];
    if (!Array.isArray(list)) return MISSING;
    const init = key === 'params';
    for (const [i, x] of list.entries()) {
      if (!isRecord(x) || typeof x['name'] !== 'string' || !isType(x['type']) || (init && !isRecord(x['init']))) {
        return `${key}[${i}] must be { name, type: { dtype, shape }${init ? ', init' : ''} }, got ${echo(x)}`;
      }
    }
  }
  const nodes = v['nodes'];
  if (!Array.isArray(nodes)) return MISSING;
  for (const [i, n] of nodes.entries()) {
    if (
      !isRecord(n) ||
      typeof n['op'] !== 'string' ||
      typeof n['name'] !== 'string' ||
      !isNames(n['inputs']) ||
      !isNames(n['outputs']) ||
      !isRecord(n['attrs'])
    ) {
      return `nodes[${i}] must be { op, name, inputs, attrs, outputs } with inputs and outputs lists of names`;
    }
    for (const [key, value] of Object.entries(n['attrs'])) {
      // A subgraph (a Scan body) is read by its op's type inference before it is verified itself.
      if (!isRecord(value) || !('nodes' in value)) continue;
      const inner = graphShapeProblem(value);
      if (inner) return `nodes[${i}] attribute '${key}': ${inner}`;
    }
  }
  const composites = v['composites'];
  if (composites === undefined) return undefined;
  if (!Array.isArray(composites)) return `composites must be a list, got ${echo(composites)}`;
  for (const [i, c] of composites.entries()) {
    const ok =
      isRecord(c) &&
      typeof c['op'] === 'string' &&
      typeof c['sinceOpset'] === 'number' &&
      isNames(c['inputs']) &&
      isNames(c['outputs']) &&
      isNames(c['nodes']) &&
      isRecord(c['attrs']) &&
      Object.values(c['attrs']).every((a) => typeof a === 'number');
    if (!ok) return `composites[${i}] must be { op, sinceOpset, inputs, outputs, attrs, nodes } with lists of names and numeric attrs`;
  }
  return undefined;
}
