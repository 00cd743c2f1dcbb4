import { AttentionWrapper, LSTMCell, initWeights } from '@layerspec/spec';
import { attentionWrapperByHandTfjs } from '../peers/attention-wrapper-by-hand-tfjs.js';
import { handBuiltAttentionWrapper } from '../peers/onnx-hand-attention-wrapper.js';
import type { BenchCase, CaseSetup, OnnxPeer, Sizes, TfjsPeer } from '../types.js';
import { randomInput } from './random-input.js';

function dims(s: Sizes) {
  return { b: s['batch']!, t: s['steps']!, din: s['inputSize']!, l: s['memoryLength']!, dm: s['memorySize']!, u: s['units']! };
}

/**
 * Flops of one forward pass: products count 2 per multiply-add, the additive score's elementwise
 * work 1 per element and operation.
 */
export function attentionWrapperFlops(sizes: Sizes): number {
  const { b, t, din, l, dm, u } = dims(sizes);
  const keys = 2 * b * l * dm * u;
  const score = 2 * b * u * u + 3 * b * l * u + 2 * b * l * u + 3 * b * l;
  const context = 2 * b * l * dm;
  const gates = 2 * b * (din + dm + u) * 4 * u + 10 * b * u;
  return keys + t * (score + context + gates);
}

function setup(sizes: Sizes): CaseSetup {
  const { b, t, din, l, dm, u } = dims(sizes);
  const graph = new AttentionWrapper({ cell: new LSTMCell({ units: u }), mechanism: 'bahdanau' }).build({
    inputs: { dtype: 'float32', shape: [b, t, din] },
    memory: { dtype: 'float32', shape: [b, l, dm] },
  });
  const weights = initWeights(graph, { seed: 1 });
  // Non-zero biases, so a dropped term shows in the outputs' agreement.
  for (const name of ['cell/bias', 'attention/bias']) {
    const w = weights[name]!.data;
    const noise = randomInput([w.length], name.length).data;
    for (let j = 0; j < w.length; j++) w[j] = w[j]! + 0.1 * noise[j]!;
  }
  return {
    id: 'attention-wrapper',
    title: `AttentionWrapper (Bahdanau) around LSTMCell(${u}), batch ${b}, ${t} steps of ${din}, memory ${l} x ${dm}`,
    sizes,
    graph,
    weights,
    feeds: { inputs: randomInput([b, t, din], 3), memory: randomInput([b, l, dm], 4) },
    forwardFlops: attentionWrapperFlops(sizes),
  };
}

const tfjsPeers: TfjsPeer[] = [
  {
    name: 'tfjs by hand',
    prepare: async (_s, w, inputs) => ({
      forward: () => attentionWrapperByHandTfjs(inputs['inputs']!, inputs['memory']!, w),
      variables: Object.values(w),
      dispose: () => undefined,
    }),
  },
];

const onnxPeers: OnnxPeer[] = [
  {
    name: 'hand-built Scan',
    model: (s) => ({
      bytes: handBuiltAttentionWrapper(
        { inputSize: s.sizes['inputSize']!, memorySize: s.sizes['memorySize']!, units: s.sizes['units']! },
        s.weights,
      ),
      feeds: s.feeds,
    }),
  },
];

export const attentionWrapperCase: BenchCase = {
  id: 'attention-wrapper',
  defaults: { batch: 4, steps: 16, inputSize: 256, memoryLength: 196, memorySize: 512, units: 256 },
  passes: ['forward', 'backward'],
  runs: 7,
  setup,
  tfjsPeers,
  onnxPeers,
};
