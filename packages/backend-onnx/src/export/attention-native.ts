import { CAUSAL_CODES, outputValue, type CompositeRegion, type Dim, type Graph, type ValueInfo } from '@layerspec/spec';
import type { GraphContext } from './context.js';
import type { AttrValue } from './proto.js';

/** The values an 'Attention' region reads and makes ('' where absent), by the slots of ATTENTION_REGION_INPUTS/OUTPUTS. */
interface Slots {
  query: string;
  key: string;
  value: string;
  mask: string;
  bias: string;
  pastKey: string;
  pastValue: string;
  output: string;
  presentKey: string;
  presentValue: string;
  weights: string;
}

function slots(region: CompositeRegion): Slots {
  const [query = '', key = '', value = '', mask = '', bias = '', pastKey = '', pastValue = ''] = region.inputs;
  const [output = '', presentKey = '', presentValue = '', weights = ''] = region.outputs;
  return { query, key, value, mask, bias, pastKey, pastValue, output, presentKey, presentValue, weights };
}

/** True when the region appends to a key/value cache (a decoding step). */
export function hasCache(region: CompositeRegion): boolean {
  return slots(region).pastKey !== '';
}

/** True when something outside the region (a node or a graph output) reads the attention weights. */
export function readsWeights(graph: Graph, region: CompositeRegion): boolean {
  const w = slots(region).weights;
  if (w === '') return false;
  const members = new Set(region.nodes);
  return graph.outputs.some((o) => outputValue(o) === w) || graph.nodes.some((n) => !members.has(n.name) && n.inputs.includes(w));
}

const show = (shape: readonly Dim[]): string => `(${shape.join(', ')})`;

/**
 * Why the ONNX Attention op (opset 23), as onnxruntime runs it, cannot compute `region` exactly as the
 * layer does; undefined when it can. docs/onnx-attention.md lists each case with what was observed.
 */
export function nativeAttentionGap(region: CompositeRegion, types: ReadonlyMap<string, ValueInfo>): string | undefined {
  const s = slots(region);
  const shape = (name: string): readonly Dim[] => types.get(name)?.shape ?? [];
  const q = shape(s.query);
  const k = shape(s.key);
  const v = shape(s.value);
  const rank = q.length;
  // Packed: (B, T, heads * size) inputs and output, 4-D caches and weights (the op's 3-D layout).
  const packed = (region.attrs['heads'] ?? 0) > 0;
  if (rank !== 3 && rank !== 4) return `its inputs have rank ${rank}; the op takes 3-D or 4-D query, key and value`;
  if (q[0] !== k[0] || k[0] !== v[0])
    return `query, key and value batch dims differ (${q[0]}, ${k[0]}, ${v[0]}); the op does not broadcast them`;
  if (rank === 4) {
    const [hq, hk, hv] = [q[1]!, k[1]!, v[1]!];
    const grouped = typeof hq === 'number' && typeof hk === 'number' && hq % hk === 0;
    if (hk !== hv || (hq !== hk && !grouped)) return `query, key and value heads (${hq}, ${hk}, ${hv}) are neither equal nor grouped`;
  }
  if (s.mask !== '' && s.bias !== '') return 'it has both a bool mask and a float bias; the op takes one attn_mask';
  const seq = packed ? 1 : rank - 2;
  const tq = q[seq]!;
  const tkNew = k[seq]!;
  if (region.attrs['causal'] === CAUSAL_CODES.lowerRight && tq !== tkNew) {
    const keys = s.pastKey === '' ? 'keys' : 'new keys';
    return `its causal mask is lower-right aligned and its ${keys} (${tkNew}) are not as many as its queries (${tq}); the op aligns is_causal upper-left after the past keys`;
  }
  // onnxruntime rejects an empty key sequence ("KV sequence length must be greater than 0"): a cached
  // cross-attention step over a precomputed memory passes 0 new keys (docs/layers.md), at a symbolic length.
  if (tkNew === 0 || (s.pastKey !== '' && typeof tkNew !== 'number' && region.attrs['causal'] === CAUSAL_CODES.none)) {
    return `its new keys (${tkNew}) may be empty; onnxruntime's Attention rejects a key sequence of length 0 ("KV sequence length must be greater than 0")`;
  }
  const m = s.mask || s.bias;
  if (m === '') return undefined;
  const ms = shape(m);
  const total = s.presentKey === '' ? tkNew : shape(s.presentKey).at(-2)!;
  const ranks = rank === 4 || packed ? [2, 4] : [2, 3];
  if (!ranks.includes(ms.length))
    return `its mask ${show(ms)} has rank ${ms.length}; for these inputs it is written with rank ${ranks.join(' or ')}`;
  if (ms[ms.length - 2] !== tq || ms[ms.length - 1] !== total) {
    return `its mask ${show(ms)} does not end in exactly (Tq, Tk) = (${tq}, ${total}); onnxruntime's Attention does not broadcast the last two dims of attn_mask ("inconsistent q_sequence_length (between attn_mask and Q)")`;
  }
  const lead = rank === 4 ? [q[0]!, q[1]!] : packed ? [q[0]!, region.attrs['heads']!] : [q[0]!];
  const extra = ms.slice(0, -2);
  const offset = lead.length - extra.length;
  if (extra.some((d, i) => d !== 1 && d !== lead[offset + i]))
    return `its mask ${show(ms)} has leading dims that are neither 1 nor the query's`;
  return undefined;
}

/**
 * Writes the ONNX Attention op for a region `nativeAttentionGap` accepts: scale and softcap as given,
 * is_causal for either alignment (they agree where the gap check passes), the packed heads (one head for
 * other 3-D inputs, whose masks, caches and weights gain and lose a head axis around the op), and the
 * post-softmax weights (qk_matmul_output_mode 3) when something reads them.
 */
export function emitNativeAttention(cx: GraphContext, region: CompositeRegion): void {
  const s = slots(region);
  const rank = cx.type(s.query).shape.length;
  const heads = region.attrs['heads'] ?? 0;
  const attrs: Record<string, AttrValue> = { scale: { float: region.attrs['scale']! } };
  if (region.attrs['causal'] !== CAUSAL_CODES.none) attrs['is_causal'] = { int: 1 };
  const softcap = region.attrs['softcap'] ?? 0;
  if (softcap > 0) attrs['softcap'] = { float: softcap };
  if (rank === 3) {
    attrs['q_num_heads'] = { int: Math.max(heads, 1) };
    attrs['kv_num_heads'] = { int: Math.max(heads, 1) };
  }
  const weights = readsWeights(cx.graph, region);
  if (weights) attrs['qk_matmul_output_mode'] = { int: 3 };

  const oneHead = rank === 3 && heads === 0;
  const axis = () => cx.int64(`${s.output}/head_axis`, [1]);
  const widen = (value: string, hint: string): string => {
    const wide = cx.temp(`${s.output}/${hint}`);
    cx.emit('Unsqueeze', [cx.name(value), axis()], [wide]);
    return wide;
  };
  const narrowed: [string, string][] = [];
  const out = (value: string, hint: string): string => {
    if (value === '' || !oneHead) return value === '' ? '' : cx.name(value);
    const wide = cx.temp(`${s.output}/${hint}`);
    narrowed.push([wide, cx.name(value)]);
    return wide;
  };
  const maskValue = s.mask || s.bias;
  const mask =
    maskValue === '' ? '' : oneHead && cx.type(maskValue).shape.length === 3 ? widen(maskValue, 'attn_mask') : cx.name(maskValue);
  const past = (v: string, hint: string) => (v === '' ? '' : oneHead ? widen(v, hint) : cx.name(v));
  const inputs = [cx.name(s.query), cx.name(s.key), cx.name(s.value), mask, past(s.pastKey, 'past_key'), past(s.pastValue, 'past_value')];
  const outputs = [
    cx.name(s.output),
    out(s.presentKey, 'present_key'),
    out(s.presentValue, 'present_value'),
    weights ? out(s.weights, 'weights') : '',
  ];
  while (outputs.length > 1 && outputs[outputs.length - 1] === '') outputs.pop();
  cx.emit('Attention', inputs, outputs, attrs);
  for (const [wide, name] of narrowed) cx.emit('Squeeze', [wide, axis()], [name]);
}
