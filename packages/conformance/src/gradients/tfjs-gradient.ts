/** Gradients on the TensorFlow.js backends (the ones that train): tf.grads through backend-tfjs's runGraph. */
import type { Graph, HostTensor } from '@layerspec/spec';
import { runGraph, tf, toHostTensor, useRuntime, type TfRuntime } from '@layerspec/backend-tfjs';

/**
 * Gradients of <r, out(x)> with respect to the inputs and weights named in `wrt`, r = `weighting`
 * (one tensor per float output).
 */
export type GradientEngine = (
  graph: Graph,
  inputs: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
  wrt: readonly string[],
  weighting: Record<string, HostTensor>,
) => Promise<Record<string, HostTensor>>;

const toTf = (t: HostTensor): tf.Tensor => tf.tensor(t.data, t.shape, t.dtype);

export function tfjsGradient(runtime: TfRuntime): GradientEngine {
  return async (graph, inputs, weights, wrt, weighting) => {
    await useRuntime(runtime);
    const env = new Map<string, tf.Tensor>();
    for (const v of graph.inputs) env.set(v.name, toTf(inputs[v.name]!));
    for (const p of graph.params) env.set(p.name, toTf(weights[p.name]!));
    const r = new Map(Object.entries(weighting).map(([n, t]) => [n, toTf(t)]));
    try {
      const grads = tf.tidy(() =>
        tf.grads((...xs: tf.Tensor[]) => {
          const local = new Map(env);
          wrt.forEach((n, i) => local.set(n, xs[i]!));
          const outs = runGraph(graph, local, false);
          // 0 * sum(x) keeps every x connected, so an input the outputs do not read gets a zero gradient
          let f = tf.mul(tf.scalar(0), tf.addN(xs.map((x) => tf.sum(x))));
          graph.outputs.forEach((o, i) => {
            const w = r.get(o.name);
            if (w) f = tf.add(f, tf.sum(tf.mul(outs[i]!, w)));
          });
          return f;
        })(wrt.map((n) => env.get(n)!)),
      );
      try {
        const host = await Promise.all(grads.map(toHostTensor));
        return Object.fromEntries(wrt.map((n, i) => [n, host[i]!]));
      } finally {
        for (const g of grads) g.dispose();
      }
    } finally {
      for (const t of [...env.values(), ...r.values()]) t.dispose();
    }
  };
}

/** The gradient engine of each backend that trains, by backend name. */
export const GRADIENT_ENGINES = new Map<string, GradientEngine>([
  ['tfjs-cpu', tfjsGradient('cpu')],
  ['tfjs-wasm', tfjsGradient('wasm')],
]);
