import { LayerspecError, echo, type Graph } from '@layerspec/spec';

/**
 * How LayerNormalization regions are written: 'native' as the ONNX LayerNormalization op, 'decomposed' as
 * the layer's own ops (mean, then the variance of the centered values: two passes over each row).
 */
export type LayerNormForm = 'native' | 'decomposed';

export const LAYER_NORM_FORMS: readonly LayerNormForm[] = ['native', 'decomposed'];

/**
 * The form each onnxruntime backend compiles with by default. onnx-webgpu: 'decomposed', because
 * onnxruntime-web's WebGPU LayerNormalization computes the variance in one pass (E[x^2] - E[x]^2), which
 * loses the digits of rows far from zero (0.11 off on rows near 1000 with std ~1, headless Chromium).
 */
export const DEFAULT_LAYER_NORM: Readonly<Record<'onnx-node' | 'onnx-web' | 'onnx-webgpu', LayerNormForm>> = {
  'onnx-node': 'native',
  'onnx-web': 'native',
  'onnx-webgpu': 'decomposed',
};

export function checkLayerNormForm(form: unknown): LayerNormForm {
  if (LAYER_NORM_FORMS.some((f) => f === form)) return form as LayerNormForm;
  throw new LayerspecError('compile', `layerNorm must be one of ${LAYER_NORM_FORMS.map((f) => `'${f}'`).join(', ')}, got ${echo(form)}`);
}

/** `graph` (and its Scan bodies) without LayerNormalization regions under 'decomposed': their nodes are exported as they are. */
export function chooseLayerNormForm(graph: Graph, form: LayerNormForm): Graph {
  if (form === 'native') return graph;
  let changed = false;
  const nodes = graph.nodes.map((node) => {
    if (node.op !== 'Scan') return node;
    const body = chooseLayerNormForm(node.attrs.body, form);
    if (body === node.attrs.body) return node;
    changed = true;
    return { ...node, attrs: { ...node.attrs, body } };
  });
  const kept = graph.composites?.filter((r) => r.op !== 'LayerNormalization');
  if (!changed && kept?.length === graph.composites?.length) return graph;
  const { composites: _, ...rest } = graph;
  return { ...rest, nodes, ...(kept && kept.length > 0 ? { composites: kept } : {}) };
}
