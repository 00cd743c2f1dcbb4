import {
  LayerspecError,
  checkHostTensor,
  echo,
  optimizeGraph,
  outputValue,
  type PassSelection,
  type Graph,
  type GraphNode,
  type HostTensor,
  type NodeOf,
  type OpName,
} from '@layerspec/spec';
import { checkAttentionForm, chooseAttentionForms, type AttentionForm } from './attention-form.js';
import { emitRegion, nativeRegions } from './composites.js';
import { GraphContext, ModelContext, nodeIO } from './context.js';
import { LOWERINGS, type LoweringIO } from './lowerings.js';
import { OPSETS, type Opset } from './opset.js';
import { hostTensorProto, onnx, valueInfo, type GraphProto } from './proto.js';
import { foldOutputIdentities } from './fold-output-identities.js';

export interface ExportOptions {
  /** The ONNX default-domain opset written. Default 17. */
  opset?: Opset;
  /**
   * Where the weights (graph params) go: 'initializers' stores the given weights in the model;
   * 'inputs' makes each param a graph input. Default 'initializers' when weights are given, else 'inputs'.
   */
  weightsAs?: 'initializers' | 'inputs';
  docString?: string;
  /** The graph passes run before export (docs/passes.md): all (default), none, or the named ones. */
  passes?: PassSelection;
  /**
   * How attention regions are written (docs/onnx-attention.md): 'auto' (default) as the ONNX Attention op
   * where it expresses the layer exactly at opset 23, else decomposed; 'native' always the op (an error
   * naming why where it cannot); 'decomposed' always MatMul/Softmax/... .
   */
  attention?: AttentionForm;
}

const PRODUCER_VERSION = '0.1.0';

/** ONNX IR version per opset (the IR version that introduced that opset). */
const IR_VERSION: Record<Opset, number> = { 17: 8, 23: 11 };

function lowerNode<K extends OpName>(node: NodeOf<K>, io: LoweringIO): void {
  LOWERINGS[node.op](node, io);
}

function lowerNodes(cx: GraphContext): void {
  const regions = nativeRegions(cx.graph, cx.model.opset);
  for (const node of cx.graph.nodes) {
    const region = regions.at.get(node.name);
    if (region) emitRegion(cx, region);
    if (regions.replaced.has(node.name)) continue;
    const io: LoweringIO = {
      ...nodeIO(cx, node),
      subgraph: (body, scanned, captures) => lowerBody(cx, node, body, scanned, captures),
    };
    // GraphNode is a union over ops; each member pairs `op` with its own attrs, which lowerNode keeps.
    lowerNode<GraphNode['op']>(node, io);
  }
}

/**
 * A Scan body: its first `scanned` inputs (states and scan slices) become body inputs; the captures are
 * read by their outer ONNX names. Every name it defines is prefixed, so none shadows an outer name.
 */
function lowerBody(outer: GraphContext, node: GraphNode, body: Graph, scanned: number, captures: readonly string[]): GraphProto {
  const prefix = `${outer.prefix}${node.name}/body/`;
  const cx = new GraphContext(outer.model, body, prefix);
  const inputs = body.inputs.slice(0, scanned).map((v) => {
    const name = cx.model.fresh(prefix + v.name);
    cx.bind(v.name, name);
    return valueInfo(name, v.type.dtype, v.type.shape, 'unknown');
  });
  body.inputs.slice(scanned).forEach((v, i) => cx.bind(v.name, captures[i]!));
  cx.bindNodeOutputs();
  lowerNodes(cx);
  const outputs = body.outputs.map((o) => {
    const src = cx.name(outputValue(o));
    const name = cx.model.fresh(`${prefix + o.name}/out`);
    cx.emit('Identity', [src], [name], {}, cx.model.fresh(`${prefix}${o.name}_out`));
    return valueInfo(name, o.type.dtype, o.type.shape, 'unknown');
  });
  return onnx.GraphProto.create({ name: `${node.name}_body`, node: cx.nodes, input: inputs, output: outputs });
}

/**
 * Exports a graph as an ONNX model (default domain, opset 17 or 23). Graph inputs keep their names and
 * symbolic dims become dim_param; outputs keep their names, except an output named like an input (a
 * cell's `state_h`), which is written under the name of the value it reads (`state_h:next`).
 */
export function exportOnnx(plain: Graph, weights?: Record<string, HostTensor>, options: ExportOptions = {}): Uint8Array {
  const opset = options.opset ?? 17;
  if (!OPSETS.includes(opset)) throw new LayerspecError('exportOnnx', `opset must be one of ${OPSETS.join(', ')}, got ${echo(opset)}`);
  const attention = checkAttentionForm(options.attention ?? 'auto');
  const graph = optimizeGraph(chooseAttentionForms(plain, opset, attention), { passes: options.passes });
  const weightsAs = options.weightsAs ?? (weights ? 'initializers' : 'inputs');
  const model = new ModelContext(opset);
  const cx = new GraphContext(model, graph, '');

  const inputs = graph.inputs.map((v) => {
    model.claim(v.name, 'a graph input');
    cx.bind(v.name, v.name);
    return valueInfo(v.name, v.type.dtype, v.type.shape);
  });
  for (const p of graph.params) {
    model.claim(p.name, 'a weight');
    cx.bind(p.name, p.name);
    if (weightsAs === 'inputs') {
      inputs.push(valueInfo(p.name, p.type.dtype, p.type.shape));
      continue;
    }
    const w = weights?.[p.name];
    if (!w) throw new LayerspecError('exportOnnx', `${graph.name}: weightsAs 'initializers' needs weight '${p.name}', which was not given`);
    // A tensor whose data does not fill its shape would be written as a model no runtime loads.
    checkHostTensor(w, 'exportOnnx', `${graph.name}: weight '${p.name}'`);
    if (w.dtype !== p.type.dtype || w.shape.length !== p.type.shape.length || w.shape.some((d, i) => d !== p.type.shape[i])) {
      throw new LayerspecError(
        'exportOnnx',
        `${graph.name}: weight '${p.name}' must be ${p.type.dtype} [${p.type.shape.join(', ')}], got ${w.dtype} [${w.shape.join(', ')}]`,
      );
    }
    model.addInitializer(hostTensorProto(p.name, w));
  }
  cx.bindNodeOutputs();
  lowerNodes(cx);

  const inputNames = new Set([...graph.inputs, ...graph.params].map((v) => v.name));
  const outputs = graph.outputs.map((o) => {
    const src = cx.name(outputValue(o));
    const wanted = inputNames.has(o.name) ? outputValue(o) : o.name;
    if (src !== wanted) {
      model.claim(wanted, `graph output '${o.name}'`);
      cx.emit('Identity', [src], [wanted], {}, model.fresh(`${o.name}_output`));
    }
    return valueInfo(wanted, o.type.dtype, o.type.shape);
  });
  foldOutputIdentities(cx.nodes, new Set(outputs.map((o) => o.name)));

  const g = onnx.GraphProto.create({ name: graph.name, node: cx.nodes, input: inputs, output: outputs, initializer: model.initializers });
  const m = onnx.ModelProto.create({
    irVersion: IR_VERSION[opset],
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'layerspec',
    producerVersion: PRODUCER_VERSION,
    docString: options.docString ?? `${graph.name}, exported by layerspec (@layerspec/backend-onnx) at opset ${opset}`,
    graph: g,
  });
  return onnx.ModelProto.encode(m).finish();
}

/** The ONNX output names `exportOnnx` gives the graph outputs, in order. */
export function onnxOutputNames(graph: Graph): string[] {
  const inputNames = new Set([...graph.inputs, ...graph.params].map((v) => v.name));
  return graph.outputs.map((o) => (inputNames.has(o.name) ? outputValue(o) : o.name));
}
