import { LayerspecError, echo, pinComposites, verifyGraph, type Graph } from '@layerspec/spec';
import { hasCache, nativeAttentionGap } from './attention-native.js';

/**
 * How attention regions are written: 'native' as the ONNX Attention op (opset 23; an error where the op
 * cannot express the layer), 'decomposed' as MatMul/Softmax/... (every opset), 'auto' as the form the
 * benchmark measured faster (docs/onnx-attention.md): the op for a cached step (a region with
 * past_key/past_value) where it expresses the layer exactly, the decomposition for the rest and at opset 17.
 */
export type AttentionForm = 'auto' | 'native' | 'decomposed';

export const ATTENTION_FORMS: readonly AttentionForm[] = ['auto', 'native', 'decomposed'];

/**
 * The form each onnxruntime backend compiles with by default. onnx-node and onnx-web: 'auto', from the
 * benchmark in docs/onnx-attention.md (native vs decomposed, interleaved in one process). onnx-webgpu:
 * 'decomposed', where the op has been neither measured nor checked.
 */
export const AUTO_ATTENTION: Readonly<Record<'onnx-node' | 'onnx-web' | 'onnx-webgpu', 'auto' | 'decomposed'>> = {
  'onnx-node': 'auto',
  'onnx-web': 'auto',
  'onnx-webgpu': 'decomposed',
};

export function checkAttentionForm(form: unknown): AttentionForm {
  if (ATTENTION_FORMS.some((f) => f === form)) return form as AttentionForm;
  throw new LayerspecError('exportOnnx', `attention must be one of ${ATTENTION_FORMS.map((f) => `'${f}'`).join(', ')}, got ${echo(form)}`);
}

/**
 * `graph` with the attention regions to be written as the native op pinned (the graph passes leave them
 * whole) and the others dropped (the passes may rewrite their nodes, which are exported as they are).
 * Forcing 'native' where the op cannot express a region, or below opset 23, throws and says why.
 */
export function chooseAttentionForms(graph: Graph, opset: number, form: AttentionForm): Graph {
  const regions = (graph.composites ?? []).filter((r) => r.op === 'Attention' && r.rewritable);
  if (regions.length === 0) return graph;
  const types = verifyGraph(graph);
  return pinComposites(graph, (region) => {
    if (region.op !== 'Attention' || form === 'decomposed') return false;
    const first = region.nodes[0] ?? '';
    const scope = first.includes('/') ? ` (in '${first.slice(0, first.lastIndexOf('/'))}')` : '';
    const where = `${graph.name}: attention: 'native' cannot write its attention${scope} as the ONNX Attention op`;
    if (opset < region.sinceOpset) {
      if (form === 'native') throw new LayerspecError('exportOnnx', `${where} at opset ${opset}: the op needs opset ${region.sinceOpset}`);
      return false;
    }
    const gap = nativeAttentionGap(region, types);
    if (gap !== undefined && form === 'native')
      throw new LayerspecError('exportOnnx', `${where}: ${gap} (export with attention: 'auto' or 'decomposed')`);
    return gap === undefined && (form === 'native' || hasCache(region));
  });
}
