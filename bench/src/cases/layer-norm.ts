import { LayerNormalization, initWeights } from '@layerspec/spec';
import { tf } from '@layerspec/backend-tfjs';
import { layerNormByHandTfjs } from '../peers/layer-norm-by-hand-tfjs.js';
import { handBuiltLayerNorm } from '../peers/onnx-hand-layer-norm.js';
import type { BenchCase, CaseSetup, OnnxPeer, Sizes, TfjsPeer } from '../types.js';
import { randomInput } from './random-input.js';

const EPSILON = 1e-3;

/** LayerNorm is memory-bound; its GFLOP/s counts 8 operations per element (mean, variance, scale, shift). */
const FLOPS_PER_ELEMENT = 8;

function setup(sizes: Sizes): CaseSetup {
  const shape = [sizes['batch']!, sizes['seq']!, sizes['model']!];
  const graph = new LayerNormalization({ epsilon: EPSILON }).build({ input: { dtype: 'float32', shape } });
  const weights = initWeights(graph, { seed: 1 });
  // Non-trivial gamma and beta, so a dropped term shows in the outputs' agreement.
  const noise = randomInput([2, shape[2]!], 5).data;
  for (const [i, name] of ['gamma', 'beta'].entries()) {
    const w = weights[name]!.data;
    for (let j = 0; j < w.length; j++) w[j] = w[j]! + 0.1 * noise[i * w.length + j]!;
  }
  return {
    id: 'layernorm',
    title: `LayerNormalization over the last axis, batch ${shape[0]}, sequence ${shape[1]}, model ${shape[2]}`,
    sizes,
    graph,
    weights,
    feeds: { input: randomInput(shape, 3) },
    forwardFlops: FLOPS_PER_ELEMENT * shape.reduce((a, b) => a * b, 1),
  };
}

const tfjsPeers: TfjsPeer[] = [
  {
    name: 'tfjs by hand',
    prepare: async (_s, w, inputs) => ({
      forward: () => layerNormByHandTfjs(inputs['input']!, w['gamma']!, w['beta']!, EPSILON),
      variables: Object.values(w),
      dispose: () => undefined,
    }),
  },
  {
    name: 'tfjs-layers LayerNormalization',
    prepare: async (_s, w, inputs) => {
      const layer = tf.layers.layerNormalization({ axis: -1, epsilon: EPSILON });
      layer.build(inputs['input']!.shape);
      layer.setWeights([w['gamma']!, w['beta']!]);
      return {
        forward: () => layer.apply(inputs['input']!) as tf.Tensor,
        variables: layer.trainableWeights.map((v) => {
          const value = v.read();
          if (!(value instanceof tf.Variable)) throw new Error(`tfjs-layers weight ${v.name} is not a tf.Variable`);
          return value;
        }),
        // layer.dispose() refuses a layer only ever called eagerly; its weights are all it holds.
        dispose: () => layer.weights.forEach((w) => w.dispose()),
      };
    },
  },
];

const onnxPeers: OnnxPeer[] = (['native', 'decomposed'] as const).map((variant) => ({
  name: `hand-built ${variant === 'native' ? 'LayerNormalization op' : 'decomposed'}`,
  model: (s) => ({ bytes: handBuiltLayerNorm(variant, s.sizes['model']!, s.weights), feeds: s.feeds }),
}));

export const layerNormCase: BenchCase = {
  id: 'layernorm',
  defaults: { batch: 8, seq: 512, model: 512 },
  passes: ['forward', 'backward'],
  runs: 7,
  setup,
  tfjsPeers,
  onnxPeers,
};
