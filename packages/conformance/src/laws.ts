/**
 * Laws: properties every backend must satisfy on its own, checked on the target's outputs (no oracle).
 * Each law adapts the generated case so it applies (forces the flag or input it is about), runs the
 * target's compiled graph once or twice, and returns a normalized error (pass when <= RTOL).
 */
import { Random, type HostTensor } from '@layerspec/spec';
import { boolTensor, broadcastOffset, cloneTensor, forEachIndex, maxAbs, offsetOf } from './data.js';
import { type Comparison, compareOutputs, normalizationCondition } from './compare.js';
import { attentionOf, valueAt, withValue, type LawId } from './facts.js';
import type { LayerCase } from './types.js';
import { cachedDecoding } from './cached-decoding.js';
import { causalFuture } from './causal-future.js';

export type RunInputs = (inputs: Record<string, HostTensor>) => Promise<Record<string, HostTensor>>;

/** A law; the layers it applies to list its id in their facts (facts.ts). */
export interface Law {
  readonly id: LawId;
  readonly name: string;
  adapt(c: LayerCase): LayerCase;
  /** Whether `check` compares two float32 runs and so needs the case's kappa (a reference run). */
  readonly needsKappa: boolean;
  /** The largest error that passes (RTOL unless the law is exact). */
  readonly tolerance?: number;
  /** `kappa` is the case's condition number (compare.ts), for laws comparing two float32 runs. */
  check(c: LayerCase, run: RunInputs, kappa: number): Promise<Comparison>;
}

const withInput = (c: LayerCase, name: string, t: HostTensor | undefined): LayerCase => {
  const inputs = { ...c.inputs };
  const inputTypes = { ...c.inputTypes };
  if (t) {
    inputs[name] = t;
    inputTypes[name] = { dtype: t.dtype, shape: [...t.shape] };
  } else {
    delete inputs[name];
    delete inputTypes[name];
  }
  return { ...c, inputs, inputTypes };
};

/** The case adapted so the layer returns its attention weights. */
function withScores(c: LayerCase): LayerCase {
  const facts = attentionOf(c);
  const out = facts.dropForScores.reduce((x, name) => withInput(x, name, undefined), c);
  return withValue(out, facts.scores.on, true);
}

/** Whether query row `index[..-2]` may attend key `index[-1]` of the scores tensor (mask AND causal). */
function allowedFn(c: LayerCase, scoresShape: readonly number[]): (index: readonly number[]) => boolean {
  const r = scoresShape.length;
  const tq = scoresShape[r - 2] ?? 1;
  const tk = scoresShape[r - 1] ?? 1;
  const facts = attentionOf(c);
  const causalCfg = facts.causal ? valueAt(c, facts.causal) : undefined;
  const causal = causalCfg === true || causalCfg === 'upperLeft' ? 0 : causalCfg === 'lowerRight' ? tk - tq : undefined;
  const mask = c.inputs[facts.mask.input];
  return (index) => {
    const i = index[r - 2] ?? 0;
    const j = index[r - 1] ?? 0;
    if (causal !== undefined && j > i + causal) return false;
    if (!mask) return true;
    switch (facts.mask.index) {
      case 'batchKey':
        return mask.data[offsetOf(mask.shape, [index[0] ?? 0, j])] !== 0;
      case 'batchQueryKey':
        return mask.data[broadcastOffset(mask.shape, [index[0] ?? 0, i, j])] !== 0;
      case 'broadcast':
        return mask.data[broadcastOffset(mask.shape, index)] !== 0;
    }
  };
}

const rowsSumToOne: Law = {
  id: 'rowsSumToOne',
  needsKappa: false,
  name: 'weights are >= 0, rows sum to 1 (0 when fully masked)',
  adapt: withScores,
  async check(c, run) {
    const w = (await run(c.inputs))[attentionOf(c).scores.output];
    if (!w) return { error: Infinity, detail: 'no attention weights output' };
    const allowed = allowedFn(c, w.shape);
    const tk = w.shape[w.shape.length - 1] ?? 1;
    let error = 0;
    let detail = '';
    let sum = 0;
    let anyAllowed = false;
    forEachIndex(w.shape, (index, flat) => {
      const v = w.data[flat]!;
      if (-v > error || Number.isNaN(v)) {
        error = Number.isNaN(v) ? Infinity : -v;
        detail = `weight [${index.join(', ')}] is ${v}`;
      }
      sum += v;
      anyAllowed ||= allowed(index);
      if ((index[index.length - 1] ?? 0) === tk - 1) {
        const expected = anyAllowed ? 1 : 0;
        const e = Number.isNaN(sum) ? Infinity : Math.abs(sum - expected);
        if (e > error) {
          error = e;
          detail = `row [${index.slice(0, -1).join(', ')}] sums to ${sum}, expected ${expected}${anyAllowed ? '' : ' (no key allowed)'}`;
        }
        sum = 0;
        anyAllowed = false;
      }
    });
    return { error, detail };
  },
};

function ensureMask(c: LayerCase, name: string, shape: number[]): LayerCase {
  if (c.inputs[name]) return c;
  return withInput(c, name, boolTensor(new Random(c.weightSeed, 99), shape, 0.6));
}

const maskedHaveZeroWeight: Law = {
  id: 'maskedHaveZeroWeight',
  needsKappa: false,
  // docs/layers.md: masked positions get exactly 0 (the Where after the softmax), on every backend
  tolerance: 0,
  name: 'masked positions have zero weight',
  adapt(c) {
    const s = withScores(c);
    const { mask } = attentionOf(c);
    return ensureMask(
      s,
      mask.input,
      mask.shape((n) => s.inputs[n]?.shape ?? []),
    );
  },
  async check(c, run) {
    const w = (await run(c.inputs))[attentionOf(c).scores.output];
    if (!w) return { error: Infinity, detail: 'no attention weights output' };
    const allowed = allowedFn(c, w.shape);
    let error = 0;
    let detail = '';
    forEachIndex(w.shape, (index, flat) => {
      const v = w.data[flat]!;
      if (!allowed(index) && !(Math.abs(v) <= error)) {
        error = Number.isNaN(v) ? Infinity : Math.abs(v);
        detail = `masked weight [${index.join(', ')}] is ${v}`;
      }
    });
    return { error, detail };
  },
};

/** Reverses axis `axis` of `t` (no-op when that dim is 1). */
function reverseAxis(t: HostTensor, axis: number): HostTensor {
  const out = cloneTensor(t);
  const a = axis < 0 ? t.shape.length + axis : axis;
  const n = t.shape[a] ?? 1;
  forEachIndex(t.shape, (index, flat) => {
    const src = [...index];
    src[a] = n - 1 - (index[a] ?? 0);
    out.data[flat] = t.data[offsetOf(t.shape, src)]!;
  });
  return out;
}

const permutationInvariance: Law = {
  id: 'permutationInvariance',
  needsKappa: true,
  name: 'permuting keys and values together leaves the output unchanged',
  adapt(c) {
    const config = { ...c.config };
    delete config['causal'];
    return { ...c, config };
  },
  async check(c, run, kappa) {
    const permuted = { ...c.inputs };
    for (const [n, axis] of [
      ['key', -2],
      ['value', -2],
      ['attention_mask', -1],
      ['attention_bias', -1],
    ] as const) {
      const t = c.inputs[n];
      if (t) permuted[n] = reverseAxis(t, axis);
    }
    const a = (await run(c.inputs))['output']!;
    const b = (await run(permuted))['output']!;
    return compareOutputs({ output: a }, { output: b }, kappa);
  },
};

const layerNormShift: Law = {
  id: 'layerNormShift',
  needsKappa: false,
  name: 'adding a constant along the normalized axes changes nothing',
  adapt: (c) => c,
  async check(c, run) {
    const x = c.inputs['input']!;
    const shift = 3 * Math.max(1, maxAbs(x)) * (c.weightSeed % 2 === 0 ? 1 : -1);
    const shifted = cloneTensor(x);
    for (let i = 0; i < shifted.data.length; i++) shifted.data[i] = x.data[i]! + shift;
    const kappa = normalizationCondition(withInput(c, 'input', shifted));
    const a = (await run(c.inputs))['output']!;
    const b = (await run({ ...c.inputs, input: shifted }))['output']!;
    return compareOutputs({ output: a }, { output: b }, kappa);
  },
};

const paddedStepRepeats: Law = {
  id: 'paddedStepRepeats',
  needsKappa: false,
  name: 'a padded step repeats the previous output',
  adapt(c) {
    const x = c.inputs['inputs']!;
    const s = ensureMask(c, 'sequence_mask', [x.shape[0] ?? 1, x.shape[1] ?? 1]);
    return { ...s, config: { ...c.config, returnSequences: true, goBackwards: false } };
  },
  async check(c, run) {
    const y = (await run(c.inputs))['output']!;
    const mask = c.inputs['sequence_mask']!;
    const [batch = 1, time = 1, units = 1] = y.shape;
    let error = 0;
    let detail = '';
    for (let b = 0; b < batch; b++) {
      for (let t = 1; t < time; t++) {
        if (mask.data[b * time + t] !== 0) continue;
        for (let u = 0; u < units; u++) {
          const now = y.data[(b * time + t) * units + u]!;
          const before = y.data[(b * time + t - 1) * units + u]!;
          const e = Math.abs(now - before) / Math.max(1, Math.abs(before));
          if (!(e <= error)) {
            error = Number.isNaN(e) ? Infinity : e;
            detail = `output[${b}, ${t}, ${u}] = ${now} but step ${t} is padded and step ${t - 1} output ${before}`;
          }
        }
      }
    }
    return { error, detail };
  },
};

export const LAWS: readonly Law[] = [
  rowsSumToOne,
  maskedHaveZeroWeight,
  causalFuture,
  permutationInvariance,
  layerNormShift,
  paddedStepRepeats,
  cachedDecoding,
];
