import type { Graph, GraphNode, GraphValue, NodeOf } from '../graph/types.js';
import { inferNode } from '../ops/resolve.js';
import type { ValueInfo } from '../ops/define.js';
import type { TensorType } from '../types.js';
import { GraphEdit, GraphIndex } from './rewrite.js';

/** What a Scan body input stands for. */
export type BodyRole =
  | { kind: 'state'; index: number; outer: string }
  | { kind: 'scan'; index: number; outer: string; axis: number }
  | { kind: 'capture'; index: number; outer: string };

/**
 * Rewrites one Scan node and its body together: nodes added before the Scan in the outer graph, new
 * captures, scan inputs replaced by other outer values, and edits of the body's nodes. `finish` drops
 * captures the body no longer reads.
 */
export class ScanEdit {
  readonly body: GraphIndex;
  readonly bodyEdit = new GraphEdit();
  private readonly before: GraphNode[] = [];
  private readonly inputs: string[];
  private readonly bodyInputs: GraphValue[];
  /** Types of the outer values this edit adds. */
  private readonly added = new Map<string, ValueInfo>();

  constructor(
    readonly scan: NodeOf<'Scan'>,
    private readonly outer: GraphIndex,
    private readonly outerTaken: Set<string>,
  ) {
    this.body = new GraphIndex(scan.attrs.body);
    this.inputs = [...scan.inputs];
    this.bodyInputs = [...scan.attrs.body.inputs];
  }

  private get states(): number {
    return this.inputs.length - this.scan.attrs.numScanInputs - this.captures;
  }

  private get captures(): number {
    return this.inputs.length - (this.scan.inputs.length - this.scan.attrs.numCaptures);
  }

  /** The role of body value `name`, when it is a body input. */
  role(name: string): BodyRole | undefined {
    const i = this.bodyInputs.findIndex((v) => v.name === name);
    if (i < 0) return undefined;
    const n = this.states;
    const m = this.scan.attrs.numScanInputs;
    if (i < n) return { kind: 'state', index: i, outer: this.inputs[i]! };
    if (i < n + m) return { kind: 'scan', index: i - n, outer: this.inputs[i]!, axis: this.scan.attrs.scanInputAxes[i - n] ?? 0 };
    return { kind: 'capture', index: i - n - m, outer: this.inputs[i]! };
  }

  /** The outer value a captured body value reads, if `name` is a capture. */
  capturedOuter(name: string): string | undefined {
    const r = this.role(name);
    return r?.kind === 'capture' ? r.outer : undefined;
  }

  /** A fresh outer value or node name. */
  outerName(base: string): string {
    return this.outer.fresh(base, this.outerTaken);
  }

  /** A fresh body value or node name. */
  bodyName(base: string): string {
    return this.body.fresh(base, this.bodyEdit.taken);
  }

  outerType(name: string): TensorType {
    return this.added.get(name) ?? this.outer.types.get(name)!;
  }

  /** Adds `node` to the outer graph, before the Scan. */
  addBefore(node: GraphNode): void {
    const types = inferNode(
      node.op,
      node.inputs.map((i) => (i === '' ? undefined : this.outerType(i))),
      node.attrs,
      `pass: node '${node.name}'`,
    );
    node.outputs.forEach((o, i) => this.added.set(o, types[i]!));
    this.before.push(node);
  }

  /** Captures outer value `outer` as body input `name` (fresh unless given). */
  capture(outer: string, name = this.bodyName(`${outer}:captured`)): string {
    this.inputs.push(outer);
    this.bodyInputs.push({ name, type: this.outerType(outer) });
    return name;
  }

  /** Scan input `index` becomes outer value `outer`; its body input keeps its name and takes the slice type. */
  replaceScanInput(index: number, outer: string): void {
    const i = this.states + index;
    const axis = this.scan.attrs.scanInputAxes[index] ?? 0;
    const type = this.outerType(outer);
    this.inputs[i] = outer;
    this.bodyInputs[i] = { name: this.bodyInputs[i]!.name, type: { dtype: type.dtype, shape: type.shape.filter((_, j) => j !== axis) } };
  }

  /** The outer nodes to insert before the Scan, and the rewritten Scan. */
  finish(): { before: GraphNode[]; scan: GraphNode } {
    const body: Graph = this.bodyEdit.apply({ ...this.scan.attrs.body, inputs: this.bodyInputs });
    const read = new Set(body.nodes.flatMap((n) => n.inputs));
    for (const o of body.outputs) read.add(o.value ?? o.name);
    const first = this.inputs.length - this.captures;
    const keep = this.inputs.map((_, i) => i < first || read.has(this.bodyInputs[i]!.name));
    const scan: NodeOf<'Scan'> = {
      ...this.scan,
      inputs: this.inputs.filter((_, i) => keep[i]),
      attrs: {
        ...this.scan.attrs,
        body: { ...body, inputs: this.bodyInputs.filter((_, i) => keep[i]) },
        numCaptures: keep.slice(first).filter(Boolean).length,
      },
    };
    return { before: this.before, scan };
  }
}

/**
 * Runs `rewrite` on every Scan of the graph (bodies first, through `inEveryBody` at the call site); a
 * rewrite returns false when it changed nothing. Returns the graph unchanged when no Scan changed.
 */
export function rewriteScans(graph: Graph, rewrite: (edit: ScanEdit) => boolean): Graph {
  const index = new GraphIndex(graph);
  const edit = new GraphEdit();
  for (const node of graph.nodes) {
    if (node.op !== 'Scan' || !index.isFree(node)) continue;
    const scanEdit = new ScanEdit(node, index, edit.taken);
    if (!rewrite(scanEdit)) continue;
    const { before, scan } = scanEdit.finish();
    for (const n of before) edit.insertBefore(node, n);
    edit.replace(node, scan);
  }
  return edit.empty ? graph : edit.apply(graph);
}
