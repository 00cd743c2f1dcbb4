import { LayerspecError } from '../errors.js';
import type { InitializerLike } from '../init/spec.js';
import { toInitializerSpec } from '../init/spec.js';
import { inferNode, resolveAttrs } from '../ops/resolve.js';
import type { AttrsOf, OpName } from '../ops/table.js';
import { tensor } from '../tensor.js';
import type { DType, HostTensor, TensorType } from '../types.js';
import type { CompositeOp, CompositeRegion, Graph, GraphNode, GraphOutput, GraphParam, GraphValue, NodeOf } from './types.js';
import { BuiltValue, type Value } from './op-methods.js';
import { verifyGraph } from './verify.js';

export { BuiltValue, type Value } from './op-methods.js';

/**
 * Builds a graph one op at a time, inferring and checking types as it goes, so a mistake is reported
 * at the op that made it. Layers write themselves against this class and nothing else.
 */
export class GraphBuilder {
  private readonly inputs: GraphValue[] = [];
  private readonly params: GraphParam[] = [];
  private readonly outputs: GraphOutput[] = [];
  private readonly outputNames = new Set<string>();
  private readonly composites: CompositeRegion[] = [];
  private readonly nodes: GraphNode[] = [];
  private readonly names = new Set<string>();
  private readonly scopes: string[] = [];
  private readonly scopeNames = new Set<string>();
  private readonly called = new WeakSet<object>();
  private counter = 0;

  constructor(readonly graphName: string) {}

  /** The current name prefix, e.g. `'attention/'` inside `scope('attention', ...)`. */
  get prefix(): string {
    return this.scopes.map((s) => `${s}/`).join('');
  }

  scope<T>(name: string, body: () => T): T {
    this.scopes.push(name);
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  /**
   * A scope name not yet used under the current prefix: `base`, then `base_1`, `base_2`, ... (the
   * names Keras gives layers of one class). Claims the name it returns.
   */
  uniqueScope(base: string): string {
    for (let i = 0; ; i++) {
      const name = i === 0 ? base : `${base}_${i}`;
      if (this.claimScope(name)) return name;
    }
  }

  /** Claims an explicit scope name under the current prefix; false when it is taken. */
  claimScope(name: string): boolean {
    const full = this.prefix + name;
    if (this.scopeNames.has(full)) return false;
    this.scopeNames.add(full);
    return true;
  }

  /** Records that `owner` (a layer) wrote itself into this graph; false when it already had. */
  claimCaller(owner: object): boolean {
    if (this.called.has(owner)) return false;
    this.called.add(owner);
    return true;
  }

  input(name: string, type: TensorType): BuiltValue {
    this.claim(name);
    const v: GraphValue = { name, type: { dtype: type.dtype, shape: [...type.shape] } };
    this.inputs.push(v);
    return new BuiltValue(this, name, v.type);
  }

  /** `v` with the op methods of this builder (`b.value(inputs['query']).matMul(w)`). */
  value(v: Value): BuiltValue {
    return v instanceof BuiltValue ? v : new BuiltValue(this, v.name, v.type);
  }

  /** A trainable weight, named with the current scope prefix (`query/kernel`). */
  param(name: string, type: TensorType, init: InitializerLike): BuiltValue {
    const full = this.prefix + name;
    for (const d of type.shape) {
      if (typeof d !== 'number') throw new LayerspecError(this.graphName, `weight '${full}' must have a static shape, got dim '${d}'`);
    }
    this.claim(full);
    const p: GraphParam = { name: full, type: { dtype: type.dtype, shape: [...type.shape] }, init: toInitializerSpec(init) };
    this.params.push(p);
    return new BuiltValue(this, full, p.type);
  }

  /** Adds one node and returns its outputs. `undefined` inputs are omitted optional inputs. */
  op<K extends OpName>(op: K, inputs: readonly (Value | undefined)[], attrs: Partial<AttrsOf<K>> = {}): BuiltValue[] {
    const name = `${this.prefix}${op}_${this.counter++}`;
    const where = `${this.graphName}: node '${name}' (${op})`;
    const resolved = resolveAttrs(op, attrs, where);
    const types = inferNode(
      op,
      inputs.map((v) => v?.type),
      resolved,
      where,
    );
    const outputs = types.map((_, i) => (types.length === 1 ? name : `${name}:${i}`));
    for (const o of outputs) this.claim(o);
    const node: NodeOf<K> = { op, name, inputs: inputs.map((v) => v?.name ?? ''), attrs: resolved, outputs };
    // NodeOf<K> is one member of the GraphNode union; TypeScript cannot see that for a generic K.
    this.nodes.push(node as GraphNode);
    return outputs.map((o, i) => new BuiltValue(this, o, types[i]!));
  }

  /** Adds one node with a single output. */
  op1<K extends OpName>(op: K, inputs: readonly (Value | undefined)[], attrs: Partial<AttrsOf<K>> = {}): BuiltValue {
    return this.op(op, inputs, attrs)[0]!;
  }

  constant(value: HostTensor): BuiltValue {
    return this.op1('Constant', [], { value });
  }

  scalar(value: number | boolean, dtype: DType = 'float32'): BuiltValue {
    return this.constant(tensor([Number(value)], [], dtype));
  }

  ints(values: number[]): BuiltValue {
    return this.constant(tensor(values, [values.length], 'int32'));
  }

  /**
   * Records the nodes `body` adds as one composite region computing `op` from `inputs` (in the op's
   * input order); returns what `body` returns, the region's outputs (undefined for one it does not make).
   */
  composite<T extends readonly (Value | undefined)[]>(
    op: CompositeOp,
    spec: { sinceOpset: number; attrs: Record<string, number>; rewritable?: boolean },
    inputs: readonly (Value | undefined)[],
    body: () => T,
  ): T {
    const first = this.nodes.length;
    const outputs = body();
    this.composites.push({
      op,
      sinceOpset: spec.sinceOpset,
      inputs: inputs.map((v) => v?.name ?? ''),
      outputs: outputs.map((v) => v?.name ?? ''),
      attrs: { ...spec.attrs },
      nodes: this.nodes.slice(first).map((n) => n.name),
      ...(spec.rewritable ? { rewritable: true } : {}),
    });
    return outputs;
  }

  /**
   * Names `value` as a graph output, through an Identity node whose value takes the output's name, or,
   * when an input already has that name (a cell's `state_h`), the name `<name>:next`.
   */
  output(name: string, value: Value): void {
    if (this.outputNames.has(name)) throw new LayerspecError(this.graphName, `the output '${name}' is named twice`);
    this.outputNames.add(name);
    const taken = this.inputs.some((v) => v.name === name);
    const valueName = taken ? `${name}:next` : name;
    this.claim(valueName);
    const node: NodeOf<'Identity'> = { op: 'Identity', name: `${name}_identity`, inputs: [value.name], attrs: {}, outputs: [valueName] };
    this.nodes.push(node);
    const type = { dtype: value.type.dtype, shape: [...value.type.shape] };
    this.outputs.push(taken ? { name, type, value: valueName } : { name, type });
  }

  /** The finished graph, verified. */
  build(): Graph {
    const graph: Graph = {
      name: this.graphName,
      inputs: this.inputs,
      params: this.params,
      outputs: this.outputs,
      nodes: this.nodes,
      ...(this.composites.length > 0 ? { composites: this.composites } : {}),
    };
    verifyGraph(graph);
    return graph;
  }

  private claim(name: string): void {
    if (name === '') throw new LayerspecError(this.graphName, 'value names must not be empty');
    if (this.names.has(name)) throw new LayerspecError(this.graphName, `the name '${name}' is used twice`);
    this.names.add(name);
  }
}
