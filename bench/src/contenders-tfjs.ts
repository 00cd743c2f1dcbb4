import { optimizeGraph } from '@layerspec/spec';
import { runGraph, tf, useRuntime } from '@layerspec/backend-tfjs';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import type { CaseSetup, Contender, Pass, Runner, TfjsPeer, TfjsRunnable } from './types.js';

type TfjsBackend = 'tfjs-cpu' | 'tfjs-wasm';

function runtimeOf(backend: TfjsBackend): 'cpu' | 'wasm' {
  return backend === 'tfjs-cpu' ? 'cpu' : 'wasm';
}

/** Weights as fresh variables and inputs as tensors, owned by one contender. */
function materialize(setup: CaseSetup): { weights: Record<string, Variable>; inputs: Record<string, Tensor> } {
  return {
    weights: Object.fromEntries(Object.entries(setup.weights).map(([k, v]) => [k, tf.variable(tf.tensor(v.data, v.shape), true)])),
    inputs: Object.fromEntries(Object.entries(setup.feeds).map(([k, v]) => [k, tf.tensor(v.data, v.shape)])),
  };
}

function runner(runnable: TfjsRunnable, pass: Pass, owned: readonly Tensor[]): Runner {
  const forwardOnce = async (): Promise<void> => {
    const y = tf.tidy(() => runnable.forward());
    await y.data();
    y.dispose();
  };
  const backwardOnce = async (): Promise<void> => {
    const { value, grads } = tf.variableGrads(() => tf.sum(runnable.forward()) as tf.Scalar, [...runnable.variables]);
    await Promise.all(Object.values(grads).map((g) => g.data()));
    tf.dispose([value, ...Object.values(grads)]);
  };
  return {
    once: pass === 'forward' ? forwardOnce : backwardOnce,
    output: async () => {
      const y = tf.tidy(() => runnable.forward());
      const data = await y.data();
      y.dispose();
      return data;
    },
    dispose: async () => {
      runnable.dispose();
      tf.dispose([...owned]);
    },
  };
}

function contender(
  setup: CaseSetup,
  backend: TfjsBackend,
  name: string,
  ours: boolean,
  make: TfjsPeer['prepare'],
  skip?: TfjsPeer['skip'],
): Contender {
  return {
    name,
    backend,
    ours,
    passes: ['forward', 'backward'],
    prepare: async (pass) => {
      const reason = skip?.(setup);
      if (reason !== undefined) throw new Error(reason);
      await useRuntime(runtimeOf(backend));
      const { weights, inputs } = materialize(setup);
      const owned = [...Object.values(weights), ...Object.values(inputs)];
      try {
        return runner(await make(setup, weights, inputs), pass, owned);
      } catch (error) {
        tf.dispose(owned);
        throw error;
      }
    },
  };
}

/** This library's lowering of the case's graph, beside the case's hand-written peers, on one tfjs backend. */
export function tfjsContenders(setup: CaseSetup, backend: TfjsBackend, peers: readonly TfjsPeer[]): Contender[] {
  const ours = contender(setup, backend, `layerspec on ${backend}`, true, async (s, weights, inputs) => {
    // What compile runs: the graph after the passes (docs/passes.md).
    const graph = optimizeGraph(s.graph);
    return {
      forward: () => runGraph(graph, new Map<string, Tensor>([...Object.entries(inputs), ...Object.entries(weights)]), false)[0]!,
      variables: Object.values(weights),
      dispose: () => undefined,
    };
  });
  return [ours, ...peers.map((p) => contender(setup, backend, `${p.name} on ${backend}`, false, p.prepare, p.skip))];
}

/** Peers only, for comparing the reference engine with tfjs cpu when the tfjs lowering is not selected. */
export function tfjsPeerContenders(setup: CaseSetup, peers: readonly TfjsPeer[]): Contender[] {
  return tfjsContenders(setup, 'tfjs-cpu', peers).filter((c) => !c.ours);
}
