import { LayerspecError, chooseComposites, verifyGraph, type Graph, type ValueInfo } from '@layerspec/spec';
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
 * `graph` with the attention regions to be written as the native op kept and fixed (the graph passes
 * leave them whole) and the others dropped (the passes may rewrite their nodes, which are exported as they
 * are), in Scan bodies as in the graph. A region already fixed stays: it was chosen before. Forcing
 * 'native' where the op cannot express a region, or below opset 23, throws and says why.
 */
export function chooseAttentionForms(graph: Graph, opset: number, form: AttentionForm): Graph {
  const typesIn = new Map<Graph, ReadonlyMap<string, ValueInfo>>();
  const typesOf = (scope: Graph): ReadonlyMap<string, ValueInfo> => {
    const known = typesIn.get(scope);
    if (known) return known;
    const types = verifyGraph(scope);
    typesIn.set(scope, types);
    return types;
  };
  return chooseComposites(graph, 'Attention', (region, scope) => {
    if (!region.rewritable) return true;
    if (form === 'decomposed') return false;
    const first = region.nodes[0] ?? '';
    const within = first.includes('/') ? ` (in '${first.slice(0, first.lastIndexOf('/'))}')` : '';
    const where = `${scope.name}: attention: 'native' cannot write its attention${within} as the ONNX Attention op`;
    if (opset < region.sinceOpset) {
      if (form === 'native') throw new LayerspecError('exportOnnx', `${where} at opset ${opset}: the op needs opset ${region.sinceOpset}`);
      return false;
    }
    const gap = nativeAttentionGap(region, typesOf(scope));
    if (gap !== undefined && form === 'native')
      throw new LayerspecError('exportOnnx', `${where}: ${gap} (export with attention: 'auto' or 'decomposed')`);
    return gap === undefined && (form === 'native' || hasCache(region));
  });
}
