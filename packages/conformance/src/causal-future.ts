/** The causal law: with the causal flag on, changing keys and values after a position changes no earlier output. */
import { Random, type HostTensor } from '@layerspec/spec';
import { cloneTensor, forEachIndex } from './data.js';
import { compareOutputs } from './compare.js';
import { attentionOf, valueAt, withValue, type CaseKey } from './facts.js';
import type { LayerCase } from './types.js';
import type { Law } from './laws.js';

function causalKey(c: LayerCase): CaseKey {
  const at = attentionOf(c).causal;
  if (!at) throw new Error(`${c.layer} has no causal flag (facts.ts)`);
  return at;
}

/** Replaces positions j > cut along axis -2 (the key/time axis) with fresh values. */
function perturbAfter(t: HostTensor, cut: number, rng: Random): HostTensor {
  const out = cloneTensor(t);
  const r = t.shape.length;
  forEachIndex(t.shape, (index, flat) => {
    if ((index[r - 2] ?? 0) > cut) out.data[flat] = rng.normal() * 3;
  });
  return out;
}

/** Rows i (axis -2 of the output) whose allowed keys all lie at or before `cut`. */
function rowsBefore(output: HostTensor, lastAllowed: (i: number) => number, cut: number): HostTensor {
  const out = cloneTensor(output);
  const r = output.shape.length;
  forEachIndex(output.shape, (index, flat) => {
    if (lastAllowed(index[r - 2] ?? 0) > cut) out.data[flat] = 0;
  });
  return out;
}

export const causalFuture: Law = {
  id: 'causalFuture',
  needsKappa: true,
  name: 'causal: changing future keys/values changes no earlier output',
  adapt(c) {
    const causal = causalKey(c);
    return valueAt(c, causal) ? c : withValue(c, causal, true);
  },
  async check(c, run, kappa) {
    const keyName = c.inputs['key'] ? 'key' : 'value';
    const k = c.inputs[keyName]!;
    const q = c.inputs['query']!;
    const tk = k.shape[k.shape.length - 2] ?? 1;
    const tq = q.shape[q.shape.length - 2] ?? 1;
    const cut = Math.floor((tk - 1) / 2);
    const shift = valueAt(c, causalKey(c)) === 'lowerRight' ? tk - tq : 0;
    const rng = new Random(c.weightSeed, 5);
    const changed = { ...c.inputs };
    for (const n of ['key', 'value']) {
      const t = c.inputs[n];
      if (t) changed[n] = perturbAfter(t, cut, rng);
    }
    const a = (await run(c.inputs))['output']!;
    const b = (await run(changed))['output']!;
    const keep = (t: HostTensor): HostTensor => rowsBefore(t, (i) => i + shift, cut);
    return compareOutputs({ output: keep(a) }, { output: keep(b) }, kappa);
  },
};
