import { outputValue, verifyGraph, type Graph, type GraphNode, type HostTensor, type ValueInfo } from '@layerspec/spec';
import { LayerspecError } from '@layerspec/spec';
import { attribute, hostTensorProto, int64TensorProto, onnx, type AttrValue, type NodeProto, type TensorProto } from './proto.js';
import type { Opset } from './opset.js';

/** What the whole model shares: the opset, the names taken, and the initializers (all in the main graph). */
export class ModelContext {
  readonly used = new Set<string>();
  readonly initializers: TensorProto[] = [];

  constructor(readonly opset: Opset) {}

  /** `base`, or `base_1`, `base_2`, ... : a name no value of the model has yet; claims it. */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Claims `name` exactly; throws if something already has it. */
  claim(name: string, what: string): void {
    if (this.used.has(name)) throw new LayerspecError('exportOnnx', `the ONNX name '${name}' (${what}) is defined twice`);
    this.used.add(name);
  }

  addInitializer(t: TensorProto): void {
    this.initializers.push(t);
  }
}

/**
 * One graph being lowered (the main graph or a Scan body): maps IR value names to ONNX names and
 * collects the ONNX nodes. Helper values (int64 constants, casts) get fresh names.
 */
export class GraphContext {
  readonly nodes: NodeProto[] = [];
  readonly types: Map<string, ValueInfo>;
  private readonly names = new Map<string, string>();

  constructor(
    readonly model: ModelContext,
    readonly graph: Graph,
    /** Prefix of every ONNX name this graph defines ('' for the main graph). */
    readonly prefix: string,
  ) {
    this.types = verifyGraph(graph);
  }

  get opset(): Opset {
    return this.model.opset;
  }

  /** Maps IR value `irName` to ONNX name `onnxName` (already claimed). */
  bind(irName: string, onnxName: string): void {
    this.names.set(irName, onnxName);
  }

  /** Claims the ONNX names of every value the graph's nodes define (prefixed, made unique). */
  bindNodeOutputs(): void {
    for (const node of this.graph.nodes) {
      for (const o of node.outputs) {
        if (this.prefix === '') this.model.claim(o, 'a node output');
        this.bind(o, this.prefix === '' ? o : this.model.fresh(this.prefix + o));
      }
    }
  }

  name(irName: string): string {
    const n = this.names.get(irName);
    if (n === undefined) throw new LayerspecError('exportOnnx', `${this.graph.name}: value '${irName}' has no ONNX name`);
    return n;
  }

  type(irName: string): ValueInfo {
    const t = this.types.get(irName);
    if (!t) throw new LayerspecError('exportOnnx', `${this.graph.name}: value '${irName}' has no type`);
    return t;
  }

  temp(hint: string): string {
    return this.model.fresh(`${this.prefix}${hint}`);
  }

  emit(opType: string, inputs: readonly string[], outputs: readonly string[], attrs: Record<string, AttrValue> = {}, name?: string): void {
    const attribute_ = Object.entries(attrs).map(([k, v]) => attribute(k, v));
    // Omitted optional inputs are '' in ONNX too; trailing ones are dropped.
    const ins = [...inputs];
    while (ins.length > 0 && ins[ins.length - 1] === '') ins.pop();
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        input: ins,
        output: [...outputs],
        name: name ?? this.model.fresh(`${this.prefix}${opType}_node`),
        attribute: attribute_,
      }),
    );
  }

  /** An int64 constant (an initializer of the main graph, read from any scope); returns its name. */
  int64(hint: string, values: readonly number[], shape: readonly number[] = [values.length]): string {
    const name = this.temp(hint);
    this.model.addInitializer(int64TensorProto(name, values, shape));
    return name;
  }

  /** A HostTensor constant under ONNX name `name` (already claimed). */
  constant(name: string, t: HostTensor): void {
    this.model.addInitializer(hostTensorProto(name, t));
  }
}

/** The ONNX names a lowering reads and writes for one node. */
export interface NodeIO {
  readonly cx: GraphContext;
  /** ONNX input names; '' for an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** A base for helper names and the node name. */
  readonly base: string;
}

export function nodeIO(cx: GraphContext, node: GraphNode): NodeIO {
  return {
    cx,
    inputs: node.inputs.map((i) => (i === '' ? '' : cx.name(i))),
    outputs: node.outputs.map((o) => cx.name(o)),
    base: `${cx.prefix}${node.name}`,
  };
}

export { outputValue };
