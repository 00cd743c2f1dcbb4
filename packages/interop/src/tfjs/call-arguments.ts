import { LayerspecError } from '@layerspec/spec';
import { isDict, tfjsCamelCase, type ConfigDict, type ConfigValue } from './config-values.js';

/** Keras's tensor call arguments of MultiHeadAttention (camelCased by tfjs), as the layer's input names. */
const TENSOR_KWARGS: Readonly<Record<string, string>> = { value: 'value', key: 'key', attentionMask: 'attention_mask' };
/** Keras's boolean call arguments, moved into the layer's config. */
const FLAG_KWARGS = ['useCausalMask', 'returnAttentionScores'] as const;
const IGNORED_KWARGS = ['training'];

type NodeEntry = [string, number, number, ConfigDict];

/**
 * Keras's call kwargs hold tensor references `[layer, node, tensor]`, and tfjs camelCases the layer name
 * in them ('value_in' becomes 'valueIn'); this finds the layer it meant.
 */
function resolveLayer(ref: string, names: readonly string[], where: string): string {
  if (names.includes(ref)) return ref;
  const candidates = names.filter((n) => tfjsCamelCase(n) === ref);
  if (candidates.length === 1) return candidates[0]!;
  throw new LayerspecError(
    where,
    candidates.length === 0
      ? `a call argument refers to layer '${ref}', which the model does not have`
      : `a call argument refers to '${ref}', which could be any of ${candidates.join(', ')}`,
  );
}

function entry(v: ConfigValue, where: string): NodeEntry {
  if (!Array.isArray(v) || v.length < 3 || typeof v[0] !== 'string' || typeof v[1] !== 'number' || typeof v[2] !== 'number') {
    throw new LayerspecError(where, `an inbound node must be [layer, node index, tensor index, kwargs], got ${JSON.stringify(v)}`);
  }
  const kwargs = v[3];
  return [v[0], v[1], v[2], isDict(kwargs) ? kwargs : {}];
}

interface Rewritten {
  node: ConfigValue[];
  inputs: string[];
  flags: Record<string, boolean>;
}

/** One call `[[query, 0, 0, {value: [...], attention_mask: [...]}]]` as positional inputs `[[query...], [value...], ...]`. */
function rewriteNode(nodeData: ConfigValue, names: readonly string[], where: string): Rewritten {
  if (!Array.isArray(nodeData) || nodeData.length === 0)
    throw new LayerspecError(where, `an inbound node must be a list of calls, got ${JSON.stringify(nodeData)}`);
  const entries = nodeData.map((e) => entry(e, where));
  if (entries.length > 1) {
    // Already positional (a model saved by tfjs): the layer's `inputs` config says what each one is.
    return { node: entries.map(([l, n, t]) => [l, n, t, {}]), inputs: [], flags: {} };
  }
  const [layer, node, tensor, kwargs] = entries[0]!;
  const out: ConfigValue[] = [[layer, node, tensor, {}]];
  const inputs = ['query'];
  const flags: Record<string, boolean> = {};
  for (const [key, v] of Object.entries(kwargs)) {
    if (v === null || IGNORED_KWARGS.includes(key)) continue;
    const input = TENSOR_KWARGS[key];
    if (input) {
      const [ref, n, t] = entry(v, where);
      out.push([resolveLayer(ref, names, where), n, t, {}]);
      inputs.push(input);
    } else if ((FLAG_KWARGS as readonly string[]).includes(key) && typeof v === 'boolean') {
      flags[key] = v;
    } else {
      const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      throw new LayerspecError(
        where,
        `call argument '${snake}' = ${JSON.stringify(v)} is not supported (value, key, attention_mask, use_causal_mask, return_attention_scores)`,
      );
    }
  }
  return { node: out, inputs, flags };
}

/** A MultiHeadAttention layer entry with its calls made positional and its call flags in its config. */
function rewriteLayer(layer: ConfigDict, names: readonly string[]): ConfigDict {
  const where = `MultiHeadAttention '${String(layer['name'])}'`;
  const nodes = layer['inboundNodes'];
  if (!Array.isArray(nodes)) throw new LayerspecError(where, `'inbound_nodes' must be a list, got ${JSON.stringify(nodes)}`);
  const rewritten = nodes.map((n) => rewriteNode(n, names, where));
  const first = rewritten[0];
  if (!first || first.inputs.length === 0) return layer;
  for (const r of rewritten) {
    if (r.inputs.join() !== first.inputs.join() || JSON.stringify(r.flags) !== JSON.stringify(first.flags)) {
      throw new LayerspecError(where, 'is called more than once with different call arguments; one layerspec layer has one set of inputs');
    }
  }
  const config = isDict(layer['config']) ? layer['config'] : {};
  return { ...layer, config: { ...config, ...first.flags, inputs: first.inputs }, inboundNodes: rewritten.map((r) => r.node) };
}

/** A functional model config (camelCased by tfjs) with every MultiHeadAttention call made positional. */
export function withPositionalAttentionCalls(config: ConfigDict): ConfigDict {
  const layers = config['layers'];
  if (!Array.isArray(layers)) return config;
  const names = layers.flatMap((l) => (isDict(l) && typeof l['name'] === 'string' ? [l['name']] : []));
  if (!layers.some((l) => isDict(l) && l['className'] === 'MultiHeadAttention')) return config;
  return { ...config, layers: layers.map((l) => (isDict(l) && l['className'] === 'MultiHeadAttention' ? rewriteLayer(l, names) : l)) };
}
