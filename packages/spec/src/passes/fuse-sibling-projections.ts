import type { Graph, GraphNode, NodeOf } from '../graph/types.js';
import { GraphEdit, GraphIndex, inEveryBody, makeNode } from './rewrite.js';

/** One projection `x @ w` with `w` a (K, n) weight, and its bias Add when the product feeds only that. */
interface Projection {
  product: NodeOf<'MatMul'>;
  width: number;
  /** The Add of a (n) weight bias, and which of its inputs is the bias. */
  bias?: { add: NodeOf<'Add'>; side: number };
}

function projection(index: GraphIndex, node: GraphNode): Projection | undefined {
  if (node.op !== 'MatMul' || !index.isFree(node)) return undefined;
  const [left, right] = [node.inputs[0]!, node.inputs[1]!];
  if (index.isWeightOnly(left) || !index.isWeightOnly(right)) return undefined;
  const w = index.types.get(right)!;
  const width = w.shape[1];
  if (w.dtype !== 'float32' || w.shape.length !== 2 || typeof width !== 'number') return undefined;
  const add = index.soleReader(node.outputs[0]!);
  if (add?.op !== 'Add' || !index.isFree(add)) return { product: node, width };
  // The bias joins only when the Add keeps the product's shape: a (n) vector, added after the product.
  const side = [1, 0].find((i) => add.inputs[1 - i] === node.outputs[0] && index.isWeightOnly(add.inputs[i]!));
  const b = side === undefined ? undefined : index.types.get(add.inputs[side]!)!;
  if (side === undefined || b?.dtype !== 'float32' || b.shape.length !== 1 || b.shape[0] !== width) return { product: node, width };
  return { product: node, width, bias: { add, side } };
}

/** The products reading each left operand, split into those with a bias and those without, in graph order. */
function siblings(index: GraphIndex, graph: Graph): Projection[][] {
  const groups = new Map<string, Projection[]>();
  for (const node of graph.nodes) {
    const p = projection(index, node);
    if (!p) continue;
    const key = `${p.bias ? 'biased' : 'bare'}:${p.product.inputs[0]}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * Where the joined product can go: after every value it reads is made and before anything reads the values
 * it defines (the members' results). Undefined when no such place exists.
 */
function placement(graph: Graph, group: readonly Projection[]): GraphNode | undefined {
  const madeAt = new Map<string, number>();
  graph.nodes.forEach((n, i) => {
    for (const o of n.outputs) madeAt.set(o, i);
  });
  const members = new Set(group.flatMap((p) => [p.product.name, ...(p.bias ? [p.bias.add.name] : [])]));
  const reads = group.flatMap((p) => [...p.product.inputs, ...(p.bias ? [p.bias.add.inputs[p.bias.side]!] : [])]);
  const after = Math.max(-1, ...reads.map((v) => madeAt.get(v) ?? -1));
  const defined = new Set(group.map((p) => (p.bias ? p.bias.add : p.product).outputs[0]!));
  const firstReader = graph.nodes.findIndex((n) => !members.has(n.name) && n.inputs.some((i) => defined.has(i)));
  // Before the first member past `after`, so no node outside the group is touched.
  const slot = graph.nodes.findIndex((n, i) => i > after && members.has(n.name));
  if (slot < 0 || (firstReader >= 0 && slot > firstReader)) return undefined;
  return graph.nodes[slot];
}

function fuse(index: GraphIndex, edit: GraphEdit, graph: Graph, group: readonly Projection[]): void {
  const where = placement(graph, group);
  if (!where) return;
  const first = group[0]!.product;
  const fresh = (suffix: string) => index.fresh(`${first.name}_${suffix}`, edit.taken);
  const weights = fresh('joined_weight');
  edit.insertBefore(
    where,
    makeNode(
      'Concat',
      weights,
      group.map((p) => p.product.inputs[1]!),
      { axis: 1 },
      [weights],
    ),
  );
  let joined = fresh('joined');
  edit.insertBefore(where, makeNode('MatMul', joined, [first.inputs[0]!, weights], {}, [joined]));
  if (group.every((p) => p.bias)) {
    const biases = fresh('joined_bias');
    edit.insertBefore(
      where,
      makeNode(
        'Concat',
        biases,
        group.map((p) => p.bias!.add.inputs[p.bias!.side]!),
        { axis: 0 },
        [biases],
      ),
    );
    const sum = fresh('joined_sum');
    edit.insertBefore(where, makeNode('Add', sum, [joined, biases], {}, [sum]));
    joined = sum;
  }
  const axis = index.types.get(first.outputs[0]!)!.shape.length - 1;
  let offset = 0;
  for (const p of group) {
    // Each member's value is now the slice of the joined result at its columns, under its own name.
    const out = (p.bias ? p.bias.add : p.product).outputs[0]!;
    const slice = fresh('part');
    const node = makeNode('Slice', slice, [joined], { starts: [offset], ends: [offset + p.width], axes: [axis] }, [out]);
    edit.insertBefore(where, node);
    offset += p.width;
    edit.drop(p.product);
    if (p.bias) edit.drop(p.bias.add);
  }
}

/**
 * `x @ A (+ a), x @ B (+ b), ... -> slices of x @ [A, B, ...] (+ [a, b, ...])`: products of one left
 * operand with (K, n) weights become one product with the weights joined along their columns (biases
 * along their length), sliced back into the original values. A product whose result is read by more than
 * its bias Add joins the products without a bias. Exact: every element is the same dot product.
 *
 * A device pass (docs/passes.md): the joined weights are computed from weights alone, which onnxruntime
 * folds into one initializer when it loads the model, while a runtime without constant folding would join
 * them at every run. No backend lists it: on onnxruntime it measured no faster (docs/onnx-attention.md).
 */
export const fuseSiblingProjections = inEveryBody((graph: Graph): Graph => {
  const index = new GraphIndex(graph);
  const edit = new GraphEdit();
  for (const group of siblings(index, graph)) fuse(index, edit, graph, group);
  return edit.empty ? graph : edit.apply(graph);
});
