import { LayerspecError } from '../errors.js';
import type { ValueInfo } from '../ops/define.js';
import { inferNode, resolveAttrs } from '../ops/resolve.js';
import { scheduleGraph } from '../graph/schedule.js';
import type { Graph, GraphNode } from '../graph/types.js';
import { formatShape } from '../tensor.js';
import type { Dim } from '../types.js';
import { InferenceMemo, sameValueType, type Binding, type ConcreteTypes } from './concrete-memo.js';

export type { Binding, ConcreteTypes };

const sizeOrSymbol = (d: Dim, bound: Binding): Dim => (typeof d === 'number' ? d : (bound.get(d)?.size ?? d));

function symbolsOf(types: readonly (ValueInfo | undefined)[]): string[] {
  const out = new Set<string>();
  for (const t of types) for (const d of t?.shape ?? []) if (typeof d === 'string') out.add(d);
  return [...out];
}

/**
 * The two symbols whose disagreement breaks this node: the first pair (from different inputs) whose
 * sizes, made equal, let the node infer what its types promise. Undefined when no single pair does.
 */
function culprits(
  node: GraphNode,
  ins: readonly (ValueInfo | undefined)[],
  symbolicIns: readonly (ValueInfo | undefined)[],
  promised: readonly ValueInfo[],
  bound: Binding,
): string[] | undefined {
  const where = `node '${node.name}'`;
  const perInput = symbolicIns.map((t) => symbolsOf([t]));
  for (let i = 0; i < perInput.length; i++) {
    for (let j = i + 1; j < perInput.length; j++) {
      for (const a of perInput[i]!) {
        for (const b of perInput[j]!) {
          const sa = bound.get(a)?.size;
          const sb = bound.get(b)?.size;
          if (a === b || sa === undefined || sb === undefined || sa === sb) continue;
          const equalized = ins.map((t, k) => t && { ...t, shape: t.shape.map((d, m) => (symbolicIns[k]?.shape[m] === b ? sa : d)) });
          try {
            const out = inferNode(node.op, equalized, resolveAttrs(node.op, node.attrs, where), where);
            const keeps = out.every((o, k) =>
              promised[k]!.shape.every((d, m) => {
                const expected = d === b ? sa : sizeOrSymbol(d, bound);
                return typeof expected !== 'number' || typeof o.shape[m] !== 'number' || o.shape[m] === expected;
              }),
            );
            if (keeps) return [a, b];
          } catch (e) {
            if (!(e instanceof LayerspecError)) throw e;
          }
        }
      }
    }
  }
  return undefined;
}

function disagreement(graph: Graph, where: string, symbols: string[], bound: Binding, detail: string): LayerspecError {
  const named = symbols.filter((s) => bound.has(s)).map((s) => `'${s}' = ${bound.get(s)!.size} (${bound.get(s)!.by})`);
  return new LayerspecError(graph.name, `the inputs disagree at ${where.slice(graph.name.length + 2)}: ${named.join(', ')}; ${detail}`);
}

/**
 * Re-infers every value's type with the symbolic dims replaced by their bound sizes, before anything
 * runs. Two different symbols that must agree (a MatMul's batch dims, the two sides of a broadcast)
 * then meet as numbers: where they conflict, or where a size-1 broadcast would give a value a size other
 * than the one its declared symbolic type promises, the error names the symbols and the inputs that
 * bound them. Every backend therefore runs exactly the bindings the reference engine accepts.
 */
export function concreteTypes(
  graph: Graph,
  bound: Binding,
  symbolic: ConcreteTypes = scheduleGraph(graph).types,
  memo: InferenceMemo = new InferenceMemo(),
): ConcreteTypes {
  const types = new Map<string, ValueInfo>();
  for (const v of [...graph.inputs, ...graph.params]) {
    types.set(v.name, { dtype: v.type.dtype, shape: v.type.shape.map((d) => sizeOrSymbol(d, bound)) });
  }
  const previous = memo.previous(graph, symbolic, bound);
  graph.nodes.forEach((node, index) => {
    if (previous?.keeps(index, node.inputs, types)) {
      for (const name of node.outputs) types.set(name, previous.types.get(name)!);
      return;
    }
    const ins = node.inputs.map((n) => (n === '' ? undefined : types.get(n)));
    const where = `${graph.name}: node '${node.name}' (${node.op})`;
    const symbolicIns = node.inputs.map((n) => (n === '' ? undefined : symbolic.get(n)));
    let outs: ValueInfo[];
    try {
      outs = inferNode(
        node.op,
        ins,
        memo.attrsOf(index, () => resolveAttrs(node.op, node.attrs, where)),
        where,
      );
    } catch (e) {
      if (!(e instanceof LayerspecError)) throw e;
      const promised = node.outputs.map((o) => symbolic.get(o)!);
      const named = culprits(node, ins, symbolicIns, promised, bound) ?? symbolsOf(symbolicIns);
      throw disagreement(graph, where, named, bound, e.message.slice(where.length + 2));
    }
    node.outputs.forEach((name, i) => {
      const out = outs[i]!;
      const promised = symbolic.get(name)!;
      promised.shape.forEach((d, j) => {
        const expected = sizeOrSymbol(d, bound);
        const got = out.shape[j];
        if (typeof expected === 'number' && typeof got === 'number' && expected !== got) {
          const promisedAll = node.outputs.map((o) => symbolic.get(o)!);
          throw disagreement(
            graph,
            where,
            culprits(node, ins, symbolicIns, promisedAll, bound) ?? symbolsOf(symbolicIns),
            bound,
            `output '${name}' would be ${formatShape(out.shape)} where its type ${formatShape(promised.shape)} says dim ${j} is ${expected}`,
          );
        }
      });
      // The last binding's object where the type is the same, so the nodes reading it compare by identity.
      const before = previous?.types.get(name);
      types.set(name, before && sameValueType(before, out) ? before : out);
    });
  });
  memo.remember(bound, types);
  return types;
}
