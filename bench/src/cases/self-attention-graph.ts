import { GraphBuilder, type MultiHeadAttention, type Graph, type GraphNode, type TensorType } from '@layerspec/spec';

const SCOPE = 'self_attention';

/**
 * MultiHeadAttention as self-attention: one graph input `query` that the query, key and value
 * projections all read (as in a Transformer block, and as the hand-built peers take it), not two inputs
 * that happen to be fed the same tensor. Values and weights are named as `layer.build` names them
 * (`query/kernel`, ...), so the peers read the same weights.
 */
export function selfAttentionGraph(layer: MultiHeadAttention, type: TensorType): Graph {
  const b = new GraphBuilder('MultiHeadAttention');
  const x = b.input('query', type);
  const out = layer.call(b, { query: x, value: x }, {}, SCOPE);
  b.output('output', out['output']!);
  const g = b.build();
  const strip = (name: string): string => (name.startsWith(`${SCOPE}/`) ? name.slice(SCOPE.length + 1) : name);
  const rename = (node: GraphNode): GraphNode => ({
    ...node,
    name: strip(node.name),
    inputs: node.inputs.map(strip),
    outputs: node.outputs.map(strip),
  });
  return {
    ...g,
    params: g.params.map((p) => ({ ...p, name: strip(p.name) })),
    nodes: g.nodes.map(rename),
    outputs: g.outputs.map((o) => (o.value === undefined ? o : { ...o, value: strip(o.value) })),
    ...(g.composites
      ? {
          composites: g.composites.map((r) => ({
            ...r,
            inputs: r.inputs.map(strip),
            outputs: r.outputs.map(strip),
            nodes: r.nodes.map(strip),
          })),
        }
      : {}),
  };
}
