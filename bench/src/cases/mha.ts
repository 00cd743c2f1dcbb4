import { MultiHeadAttention, initWeights } from '@layerspec/spec';
import { mhaByHandTfjs, type MhaSizes } from '../peers/mha-by-hand-tfjs.js';
import { handBuiltMha, type HandVariant } from '../peers/onnx-hand-mha.js';
import { tfjsLayersMhaPeer } from '../peers/tfjs-layers-mha.js';
import type { BenchCase, CaseId, CaseSetup, OnnxPeer, Sizes, TfjsPeer } from '../types.js';
import { randomInput } from './random-input.js';
import { selfAttentionGraph } from './self-attention-graph.js';

/** Multiply-adds of one self-attention MultiHeadAttention forward pass, counted as 2 flops each. */
export function mhaFlops(sizes: Sizes): number {
  const [batch, seq, model] = [sizes['batch']!, sizes['seq']!, sizes['model']!];
  return 4 * 2 * batch * seq * model * model + 2 * 2 * batch * seq * seq * model;
}

function mhaSizes(sizes: Sizes): MhaSizes {
  return { batch: sizes['batch']!, seq: sizes['seq']!, model: sizes['model']!, heads: sizes['heads']! };
}

function setup(id: CaseId, sizes: Sizes): CaseSetup {
  const { batch, seq, model, heads } = mhaSizes(sizes);
  if (model % heads !== 0) throw new Error(`--sizes: model (${model}) must be a multiple of heads (${heads})`);
  const type = { dtype: 'float32' as const, shape: [batch, seq, model] };
  const graph = selfAttentionGraph(new MultiHeadAttention({ numHeads: heads, keyDim: model / heads }), type);
  const x = randomInput(type.shape, 3);
  return {
    id,
    title: `MultiHeadAttention, self-attention, batch ${batch}, sequence ${seq}, model ${model}, ${heads} heads`,
    sizes,
    graph,
    weights: initWeights(graph, { seed: 1 }),
    feeds: { query: x },
    forwardFlops: mhaFlops(sizes),
  };
}

const tfjsPeers: TfjsPeer[] = [
  {
    name: 'tfjs by hand',
    prepare: async (s, w, inputs) => ({
      forward: () => mhaByHandTfjs(mhaSizes(s.sizes), inputs['query']!, w),
      variables: Object.values(w),
      dispose: () => undefined,
    }),
  },
  {
    name: 'tfjs-layers MultiHeadAttention',
    skip: (s) => {
      // Its einsums materialize their whole broadcast product before summing; the attention scores'
      // is (batch, heads, seq, seq, key size).
      const { batch, seq, heads, model } = mhaSizes(s.sizes);
      const elements = batch * seq * seq * model;
      const gib = (elements * 4) / 2 ** 30;
      return gib > 1
        ? `tfjs-layers' einsum would materialize a ${gib.toFixed(1)} GiB (batch, ${heads} heads, seq, seq, key) product`
        : undefined;
    },
    prepare: async (s, w, inputs) => {
      const peer = await tfjsLayersMhaPeer(mhaSizes(s.sizes), w);
      return { forward: () => peer.apply(inputs['query']!), variables: peer.trainableWeights, dispose: () => peer.dispose() };
    },
  },
];

const onnxPeer = (variant: HandVariant): OnnxPeer => ({
  name: `hand-built ${variant}`,
  model: (s) => ({ bytes: handBuiltMha(variant, mhaSizes(s.sizes), s.weights), feeds: { x: s.feeds['query']! } }),
});

const onnxPeers = (['decomposed', 'attention-op', 'contrib-mha'] as const).map(onnxPeer);

export const mhaCase: BenchCase = {
  id: 'mha',
  defaults: { batch: 4, seq: 128, model: 256, heads: 8 },
  passes: ['forward', 'backward'],
  runs: 7,
  setup: (sizes) => setup('mha', sizes),
  tfjsPeers,
  onnxPeers,
};

/**
 * The long-sequence case: attention's (seq x seq) scores dominate time and memory. Forward only by
 * default, since a tfjs cpu backward pass takes minutes here; `--passes forward,backward` adds it.
 */
export const mhaLongCase: BenchCase = {
  ...mhaCase,
  id: 'mha-long',
  defaults: { ...mhaCase.defaults, seq: 1024 },
  passes: ['forward'],
  runs: 3,
  setup: (sizes) => setup('mha-long', sizes),
};
