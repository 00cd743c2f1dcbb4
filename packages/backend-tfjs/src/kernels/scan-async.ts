import type { AttrsOf, Graph } from '@layerspec/spec';
import { tf, type Tensor } from '../tf.js';
import { planScan, scanSteps, stackOutputs, stepInputs } from './scan.js';

/** Runs a Scan body on its inputs in order; resolves to its outputs in order. */
export type RunBodyAsync = (body: Graph, inputs: readonly Tensor[]) => Promise<Tensor[]>;

/**
 * The Scan loop of `runGraphAsync`: each step's body runs through `runBody` (the asynchronous executor), so
 * the host inputs of the body's kernels (host-ints.ts) are read asynchronously too, as WebGPU needs. No
 * `tidy` can span the awaits, so the loop frees what it makes itself: the scan inputs' step slices, each
 * state once no later state or scan output holds it, and on a failure everything the finished steps made.
 * The inputs of the node are never disposed; a final state that is one of them (or a step slice) is cloned.
 * The synchronous `scan` kernel stays the one a gradient tape records.
 */
export async function scanAsync(
  ins: readonly (Tensor | undefined)[],
  attrs: AttrsOf<'Scan'>,
  where: string,
  runBody: RunBodyAsync,
): Promise<Tensor[]> {
  const plan = planScan(ins, attrs, where);
  const { n } = plan;
  const steps = scanSteps(plan);
  const notMade = new Set([...plan.values, ...steps.flat()]);
  /** Tensors the body runs made that this loop still holds. */
  const made = new Set<Tensor>();
  /** Slices of the scan outputs, kept until they are stacked. */
  const kept = new Set<Tensor>();
  const outputs: Tensor[][] = Array.from({ length: attrs.body.outputs.length - n }, () => []);
  let states = plan.values.slice(0, n);
  let results: Tensor[] = [];
  try {
    for (let t = 0; t < plan.length; t++) {
      const outs = await runBody(attrs.body, stepInputs(plan, attrs, steps, states, t));
      for (const o of outs) if (!notMade.has(o)) made.add(o);
      const previous = states;
      states = outs.slice(0, n);
      outs.slice(n).forEach((o, i) => {
        outputs[i]!.push(o);
        kept.add(o);
      });
      for (const s of previous) {
        if (made.has(s) && !states.includes(s) && !kept.has(s)) {
          s.dispose();
          made.delete(s);
        }
      }
    }
    const final = states;
    results = tf.tidy(() => [...final.map((s) => (made.has(s) ? s : tf.clone(s))), ...stackOutputs(outputs, attrs, where)]);
    return results;
  } finally {
    for (const s of steps.flat()) s.dispose();
    for (const m of made) if (!results.includes(m)) m.dispose();
  }
}
