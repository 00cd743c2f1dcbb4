import { MultiHeadAttention, initWeights } from '@layerspec/spec';
import type { BenchCase, CaseSetup, Sizes } from '../types.js';
import { randomInput } from './random-input.js';

/** Multiply-adds of one cached decode step (one new token against `past` + 1 keys), counted as 2 flops each. */
function decodeFlops(sizes: Sizes): number {
  const [batch, past, model] = [sizes['batch']!, sizes['past']!, sizes['model']!];
  return 4 * 2 * batch * model * model + 2 * 2 * batch * (past + 1) * model;
}

function setup(sizes: Sizes): CaseSetup {
  const [batch, past, model, heads] = [sizes['batch']!, sizes['past']!, sizes['model']!, sizes['heads']!];
  if (model % heads !== 0) throw new Error(`--sizes: model (${model}) must be a multiple of heads (${heads})`);
  const keyDim = model / heads;
  const x = { dtype: 'float32' as const, shape: [batch, 1, model] };
  const cache = { dtype: 'float32' as const, shape: [batch, heads, past, keyDim] };
  const graph = new MultiHeadAttention({ numHeads: heads, keyDim }).build(
    { query: x, value: x, past_key: cache, past_value: cache },
    { useCausalMask: true, cache: true },
  );
  const token = randomInput(x.shape, 3);
  return {
    id: 'mha-decode',
    title: `MultiHeadAttention, one cached decode step, batch ${batch}, ${past} past tokens, model ${model}, ${heads} heads`,
    sizes,
    graph,
    weights: initWeights(graph, { seed: 1 }),
    feeds: { query: token, value: token, past_key: randomInput(cache.shape, 4), past_value: randomInput(cache.shape, 5) },
    forwardFlops: decodeFlops(sizes),
  };
}

/**
 * One step of incremental decoding: a new token attends to its cached keys and values (causal, lower-right)
 * and the step returns the grown caches. What the ONNX Attention op's past_key/past_value inputs are for.
 */
export const mhaDecodeCase: BenchCase = {
  id: 'mha-decode',
  defaults: { batch: 4, past: 127, model: 256, heads: 8 },
  passes: ['forward'],
  runs: 30,
  setup,
  tfjsPeers: [],
  onnxPeers: [],
};
