import type { Graph, GraphNode } from './types.js';

/**
 * `node` with each graph it runs (Scan's `body`, the one graph attribute an op has) replaced by `f(body)`;
 * `node` itself when `f` returns every body unchanged. An op given a graph attribute must be added here
 * (bodies.test.ts checks the op table for it), so every walk over nested graphs sees its body.
 */
export function mapBodies(node: GraphNode, f: (body: Graph) => Graph): GraphNode {
  if (node.op !== 'Scan') return node;
  const body = f(node.attrs.body);
  return body === node.attrs.body ? node : { ...node, attrs: { ...node.attrs, body } };
}
