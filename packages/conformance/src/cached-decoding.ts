/**
 * The law of the key/value caches: a graph built with `cache: true`, run one step at a time from empty
 * caches (P = 0) with each step's present keys/values fed back as the next step's past, gives every
 * output row of the full causal run, and ends with the full keys/values in its caches.
 */
import type { HostTensor, TensorType } from '@layerspec/spec';
import { compareOutputs } from './compare.js';
import { LAYER_FACTS, withValue } from './facts.js';
import type { Law } from './laws.js';
import type { LayerCase } from './types.js';

/** Rows [start, end) of axis -2. */
export function seqRows(t: HostTensor, start: number, end: number): HostTensor {
  const r = t.shape.length;
  const n = t.shape[r - 2] ?? 1;
  const inner = t.shape[r - 1] ?? 1;
  const outer = n * inner === 0 ? 0 : t.data.length / (n * inner);
  const data = new Float32Array(outer * (end - start) * inner);
  for (let o = 0; o < outer; o++) data.set(t.data.subarray((o * n + start) * inner, (o * n + end) * inner), o * (end - start) * inner);
  return { dtype: 'float32', shape: [...t.shape.slice(0, -2), end - start, inner], data };
}

/** The steps' (..., 1, d) outputs joined along axis -2. */
function joinRows(steps: readonly HostTensor[]): HostTensor {
  const first = steps[0]!;
  const inner = first.shape[first.shape.length - 1] ?? 1;
  const outer = inner === 0 ? 0 : first.data.length / inner;
  const data = new Float32Array(outer * steps.length * inner);
  steps.forEach((s, t) => {
    for (let o = 0; o < outer; o++) data.set(s.data.subarray(o * inner, (o + 1) * inner), (o * steps.length + t) * inner);
  });
  return { dtype: 'float32', shape: [...first.shape.slice(0, -2), steps.length, inner], data };
}

const SEQUENCE_INPUTS = ['query', 'key', 'value'] as const;

/** The (P = 0) caches of the case: SDPA's have the key's/value's shape, MHA's are (B, H, P, keyDim|valueDim). */
function emptyPast(c: LayerCase, name: 'key' | 'value', source: HostTensor): number[] {
  if (c.layer !== 'MultiHeadAttention') return [...source.shape.slice(0, -2), 0, source.shape[source.shape.length - 1] ?? 1];
  const keyDim = Number(c.config['keyDim']);
  const size = name === 'key' ? keyDim : Number(c.config['valueDim'] ?? keyDim);
  return [source.shape[0] ?? 1, Number(c.config['numHeads']), 0, size];
}

export const cachedDecoding: Law = {
  id: 'cachedDecoding',
  needsKappa: true,
  name: 'cache: decoding step by step from P = 0 gives every row of the full causal run',
  adapt(c) {
    const causal = LAYER_FACTS[c.layer].attention?.causal;
    if (!causal) throw new Error(`${c.layer} has no causal flag (facts.ts)`);
    let out = withValue(
      withValue(withValue(c, causal, true), { in: 'buildOptions', key: 'cache' }, true),
      { in: 'buildOptions', key: 'returnAttentionScores' },
      false,
    );
    const q = c.inputs['query']!;
    const kv = c.inputs['value']!;
    const steps = Math.min(q.shape[q.shape.length - 2] ?? 1, kv.shape[kv.shape.length - 2] ?? 1);
    const inputs: Record<string, HostTensor> = {};
    const inputTypes: Record<string, TensorType> = {};
    for (const name of SEQUENCE_INPUTS) {
      const t = c.inputs[name];
      if (!t) continue;
      inputs[name] = seqRows(t, 0, steps);
      inputTypes[name] = { dtype: 'float32', shape: t.shape.map((d, i) => (i === t.shape.length - 2 ? 't' : d)) };
    }
    for (const name of ['key', 'value'] as const) {
      const shape = emptyPast(c, name, inputs[name] ?? inputs['value']!);
      inputs[`past_${name}`] = { dtype: 'float32', shape, data: new Float32Array(0) };
      inputTypes[`past_${name}`] = { dtype: 'float32', shape: shape.map((d, i) => (i === shape.length - 2 ? 'p' : d)) };
    }
    out = { ...out, inputs, inputTypes };
    return out;
  },
  async check(c, run, kappa) {
    const full = await run(c.inputs);
    const q = c.inputs['query']!;
    const steps = q.shape[q.shape.length - 2] ?? 1;
    let past: Record<string, HostTensor> = { past_key: c.inputs['past_key']!, past_value: c.inputs['past_value']! };
    const outputs: HostTensor[] = [];
    for (let t = 0; t < steps; t++) {
      const step: Record<string, HostTensor> = { ...past };
      for (const name of SEQUENCE_INPUTS) if (c.inputs[name]) step[name] = seqRows(c.inputs[name], t, t + 1);
      const out = await run(step);
      outputs.push(out['output']!);
      past = { past_key: out['present_key']!, past_value: out['present_value']! };
    }
    if (steps === 0) return { error: 0, detail: '' };
    const stepped = { output: joinRows(outputs), present_key: past['past_key']!, present_value: past['past_value']! };
    return compareOutputs(
      { output: full['output']!, present_key: full['present_key']!, present_value: full['present_value']! },
      stepped,
      kappa,
    );
  },
};
