import type { onnx as OnnxTypes } from 'onnx-proto';

type NodeProto = OnnxTypes.INodeProto;

/** Renames the value `from` to `to` wherever the nodes produce or read it, inside subgraphs too. */
function renameValue(nodes: readonly NodeProto[], from: string, to: string): void {
  for (const n of nodes) {
    if (n.input) n.input = n.input.map((name) => (name === from ? to : name));
    if (n.output) n.output = n.output.map((name) => (name === from ? to : name));
    for (const a of n.attribute ?? []) {
      if (a.g?.node) renameValue(a.g.node, from, to);
      for (const g of a.graphs ?? []) if (g.node) renameValue(g.node, from, to);
    }
  }
}

/**
 * Removes each Identity that only gives a node's result its graph output name, naming the result so
 * directly: onnxruntime keeps an Identity that writes a graph output, and it copies the whole tensor on
 * every run. An Identity stays where its input is a graph input, an initializer, another graph output,
 * or the input of an Identity already folded.
 */
export function foldOutputIdentities(nodes: NodeProto[], graphOutputs: ReadonlySet<string>): void {
  const produced = new Set(nodes.flatMap((n) => n.output ?? []));
  const folded = new Set<string>();
  for (const identity of [...nodes]) {
    const [from] = identity.input ?? [];
    const [to] = identity.output ?? [];
    if (identity.opType !== 'Identity' || from === undefined || to === undefined || !graphOutputs.has(to)) continue;
    if (!produced.has(from) || graphOutputs.has(from) || folded.has(from)) continue;
    nodes.splice(nodes.indexOf(identity), 1);
    renameValue(nodes, from, to);
    folded.add(from);
  }
}
