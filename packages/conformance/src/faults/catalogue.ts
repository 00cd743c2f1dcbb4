/**
 * A catalogue of subtle, realistic faults. Each is a backend that rewrites the plain graph before
 * handing it to a real backend's compile (so it keeps working whatever graph passes that backend
 * applies itself), except the uniform 1% output error, which scales the outputs. The suite must catch
 * every one at the run count `npm test` uses (catalogue.test.ts).
 */
import { LAYER_NAMES, getBackend, type Backend, type Graph, type HostTensor, type LayerName } from '@layerspec/spec';
import {
  causalOffByOne,
  dropoutLeftOn,
  groupedHeadsModulo,
  lowerRightAsUpperLeft,
  maskInvertedAtOnePosition,
  rewriteWith,
  scaleTimes105,
  softcapMissing,
  softmaxTemperature,
} from './attention-faults.js';
import {
  betaDropped,
  epsilonOutsideSqrt,
  gammaBeforeMean,
  gruResetBeforeProduct,
  lstmInputForgetSwapped,
} from './norm-recurrent-faults.js';

export interface Fault {
  readonly id: string;
  readonly description: string;
  /** The layers whose 'matches ref' cell must catch it. */
  readonly layers: readonly LayerName[];
  /** The graph rewrite and how many places it changed (0: the graph has nothing this fault touches). */
  readonly rewrite?: (graph: Graph) => { graph: Graph; count: number };
  /** An output rewrite, for faults that are not about the graph. */
  readonly outputs?: (outputs: Record<string, HostTensor>) => Record<string, HostTensor>;
}

const ATTENTION: readonly LayerName[] = ['ScaledDotProductAttention', 'MultiHeadAttention', 'SequenceAttention', 'AttentionWrapper'];

const scaleOutputs =
  (f: number) =>
  (outputs: Record<string, HostTensor>): Record<string, HostTensor> =>
    Object.fromEntries(Object.entries(outputs).map(([n, t]) => [n, t.dtype === 'float32' ? { ...t, data: t.data.map((v) => v * f) } : t]));

export const FAULTS: readonly Fault[] = [
  {
    id: 'scale-x1.05',
    description: 'attention scale x1.05',
    layers: ['ScaledDotProductAttention', 'MultiHeadAttention'],
    rewrite: rewriteWith(scaleTimes105),
  },
  { id: 'softmax-temperature', description: 'softmax of logits / 1.05', layers: ATTENTION, rewrite: rewriteWith(softmaxTemperature) },
  {
    id: 'epsilon-outside-sqrt',
    description: 'sqrt(var) + eps instead of sqrt(var + eps)',
    layers: ['LayerNormalization', 'RMSNormalization'],
    rewrite: rewriteWith(epsilonOutsideSqrt),
  },
  {
    id: 'beta-dropped',
    description: 'LayerNormalization without its beta',
    layers: ['LayerNormalization'],
    rewrite: rewriteWith(betaDropped),
  },
  {
    id: 'gamma-before-mean',
    description: 'gamma applied to the input before the statistics',
    layers: ['LayerNormalization', 'RMSNormalization'],
    rewrite: gammaBeforeMean,
  },
  {
    id: 'lstm-gates-swapped',
    description: 'LSTM input and forget gates swapped',
    layers: ['LSTMCell'],
    rewrite: rewriteWith(lstmInputForgetSwapped),
  },
  {
    id: 'gru-reset-before',
    description: 'GRU (resetAfter) reset gate applied before the recurrent product',
    layers: ['GRUCell'],
    rewrite: rewriteWith(gruResetBeforeProduct),
  },
  {
    id: 'causal-off-by-one',
    description: 'causal mask lets each query see one future key',
    layers: ['ScaledDotProductAttention', 'MultiHeadAttention', 'SequenceAttention'],
    rewrite: rewriteWith(causalOffByOne),
  },
  {
    id: 'lower-right-as-upper-left',
    description: 'lowerRight causal mask built as upperLeft',
    layers: ['ScaledDotProductAttention'],
    rewrite: rewriteWith(lowerRightAsUpperLeft),
  },
  {
    id: 'mask-inverted-at-one-position',
    description: 'first element of every bool mask inverted',
    layers: ['ScaledDotProductAttention', 'MultiHeadAttention', 'SequenceAttention', 'RNN', 'AttentionWrapper'],
    rewrite: maskInvertedAtOnePosition,
  },
  {
    id: 'softcap-missing',
    description: 'softcap c * tanh(x / c) left out',
    layers: ['ScaledDotProductAttention'],
    rewrite: rewriteWith(softcapMissing),
  },
  {
    id: 'gqa-h-mod-g',
    description: 'grouped-query head h reads key/value head h % Hkv instead of floor(h / G)',
    layers: ['ScaledDotProductAttention'],
    rewrite: rewriteWith(groupedHeadsModulo),
  },
  {
    id: 'dropout-left-on',
    description: 'dropout applied at inference',
    layers: ['ScaledDotProductAttention', 'MultiHeadAttention', 'SequenceAttention'],
    rewrite: rewriteWith(dropoutLeftOn),
  },
  { id: 'uniform-1pct', description: 'every float output x1.01', layers: LAYER_NAMES, outputs: scaleOutputs(1.01) },
];

/** The backend that runs `fault` on top of the backend named `delegate` (compile options pass through). */
export function faultBackend(fault: Fault, delegate: string): Backend {
  return {
    name: `fault:${fault.id}@${delegate}`,
    async compile(graph: Graph, options?: object) {
      const rewritten = fault.rewrite ? fault.rewrite(graph).graph : graph;
      const compiled = await getBackend(delegate).compile(rewritten, options);
      const mapOutputs = fault.outputs;
      if (!mapOutputs) return compiled;
      return {
        run: async (inputs, weights) => mapOutputs(await compiled.run(inputs, weights)),
        bind: async (weights) => {
          const bound = await compiled.bind(weights);
          return { run: async (inputs) => mapOutputs(await bound.run(inputs)), dispose: () => bound.dispose() };
        },
        dispose: () => compiled.dispose(),
      };
    },
  };
}
