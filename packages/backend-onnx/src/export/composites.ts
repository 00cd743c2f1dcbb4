import type { CompositeOp, CompositeRegion, Graph } from '@layerspec/spec';
import { emitNativeAttention } from './attention-native.js';
import type { GraphContext } from './context.js';
import type { AttrValue } from './proto.js';

/** The ONNX type of each attribute a composite region may carry. */
const ATTR_KINDS: Record<CompositeOp, Record<string, 'int' | 'float'>> = {
  LayerNormalization: { axis: 'int', epsilon: 'float', stash_type: 'int' },
  RMSNormalization: { axis: 'int', epsilon: 'float', stash_type: 'int' },
  RotaryEmbedding: { interleaved: 'int', num_heads: 'int', rotary_embedding_dim: 'int' },
  // Written by emitNativeAttention, which maps the region's attrs onto the op's.
  Attention: {},
};

function attrsOf(region: CompositeRegion): Record<string, AttrValue> {
  const kinds = ATTR_KINDS[region.op];
  return Object.fromEntries(Object.entries(region.attrs).map(([name, v]) => [name, kinds[name] === 'int' ? { int: v } : { float: v }]));
}

/**
 * The composite regions the target opset has a native op for: keyed by the region's first node, plus
 * every node they replace.
 */
export function nativeRegions(graph: Graph, opset: number): { at: Map<string, CompositeRegion>; replaced: Set<string> } {
  const at = new Map<string, CompositeRegion>();
  const replaced = new Set<string>();
  for (const region of graph.composites ?? []) {
    // A region still rewritable was not pinned for the native op (chooseAttentionForms).
    if (region.sinceOpset > opset || region.nodes.length === 0 || region.rewritable) continue;
    at.set(region.nodes[0]!, region);
    for (const n of region.nodes) replaced.add(n);
  }
  return { at, replaced };
}

/** Writes the native op for a region in place of its nodes. */
export function emitRegion(cx: GraphContext, region: CompositeRegion): void {
  if (region.op === 'Attention') {
    emitNativeAttention(cx, region);
    return;
  }
  cx.emit(
    region.op,
    region.inputs.map((i) => (i === '' ? '' : cx.name(i))),
    region.outputs.map((o) => cx.name(o)),
    attrsOf(region),
  );
}
