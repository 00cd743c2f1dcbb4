/** bindRun on hostile inputs and weights: the bound sizes or a LayerspecError; nothing else. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { LSTMCell, MultiHeadAttention, RNN, bindRun, initWeights, type HostTensor, type TensorType } from '@layerspec/spec';
import { FUZZ_RUNS, hostile, onlyLayerspecErrors } from '../testing/fuzz.js';

const seq: TensorType = { dtype: 'float32', shape: ['b', 't', 4] };
const graphs = [
  new MultiHeadAttention({ numHeads: 2, keyDim: 2 }).build({ query: seq, value: { dtype: 'float32', shape: ['b2', 's', 4] } }),
  new RNN({ cell: new LSTMCell({ units: 3 }) }).build({ inputs: seq, sequence_mask: { dtype: 'bool', shape: ['b', 't'] } }),
];

const dtype = fc.constantFrom('float32', 'int32', 'bool', 'float64', '', 7);
const dims = fc.array(fc.oneof(fc.nat({ max: 6 }), fc.constantFrom(-1, 1.5, 1e9, NaN, '3')), { maxLength: 4 });
const data = fc.oneof(
  fc.nat({ max: 200 }).map((n) => new Float32Array(n)),
  fc.nat({ max: 200 }).map((n) => new Int32Array(n)),
  fc.nat({ max: 200 }).map((n) => new Uint8Array(n)),
  hostile(),
);
/** A tensor-like value: usually well formed in parts, so the checks past the first are reached too. */
const tensorLike = fc.oneof(
  fc.record({ dtype, shape: dims, data }),
  fc.tuple(fc.constantFrom('float32', 'bool'), fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 3 })).map(([d, shape]) => {
    const n = shape.reduce((a, c) => a * c, 1);
    return { dtype: d, shape, data: d === 'bool' ? new Uint8Array(n) : new Float32Array(n) };
  }),
  hostile(),
);

describe('fuzz: bindRun', () => {
  it.each(graphs.map((g) => ({ g, name: g.name })))('$name: hostile inputs and weights give a LayerspecError or bound sizes', ({ g }) => {
    const names = [...g.inputs.map((v) => v.name), 'extra'];
    const good = initWeights(g);
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...names), tensorLike),
        fc.oneof(fc.constant(good), fc.dictionary(fc.constantFrom(...Object.keys(good), 'extra'), tensorLike), hostile()),
        (inputs, weights) =>
          onlyLayerspecErrors(() =>
            bindRun(g, inputs as Record<string, HostTensor>, weights as Record<string, HostTensor>, { memoryLimitBytes: 2 ** 31 }),
          ),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
