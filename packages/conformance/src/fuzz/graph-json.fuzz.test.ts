/** graphFromJSON and layerFromJSON on hostile documents: a graph, a layer, or a LayerspecError; nothing else. */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  AttentionWrapper,
  GRUCell,
  LSTMCell,
  LayerNormalization,
  MultiHeadAttention,
  RNN,
  ScaledDotProductAttention,
  graphFromJSON,
  graphToJSON,
  initWeights,
  layerClassNames,
  layerFromJSON,
  type Layer,
  type TensorType,
} from '@layerspec/spec';
import { FUZZ_RUNS, hostile, mutated, onlyLayerspecErrors } from '../testing/fuzz.js';

const seq: TensorType = { dtype: 'float32', shape: ['b', 't', 4] };

const layers: Layer<object, object>[] = [
  new MultiHeadAttention({ numHeads: 2, keyDim: 2 }),
  new ScaledDotProductAttention({}),
  new LayerNormalization({ axis: -1 }),
  new RNN({ cell: new LSTMCell({ units: 3 }), returnSequences: true }),
  new RNN({ cell: new GRUCell({ units: 2 }) }),
  new AttentionWrapper({ cell: new LSTMCell({ units: 3 }) }),
];

const graphDocs = [
  graphToJSON(new MultiHeadAttention({ numHeads: 2, keyDim: 2 }).build({ query: seq, value: seq })),
  graphToJSON(new RNN({ cell: new LSTMCell({ units: 3 }) }).build({ inputs: seq })),
  graphToJSON(new LayerNormalization({ axis: -1 }).build({ input: seq })),
];

describe('fuzz: graphFromJSON', () => {
  it('mutated graph documents give a graph (whose weights can be made) or a LayerspecError', () => {
    fc.assert(
      fc.property(mutated(graphDocs), (doc) => onlyLayerspecErrors(() => initWeights(graphFromJSON(doc)))),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('arbitrary values and text give a LayerspecError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostile(),
          fc.string().map((s) => `{"format": "layerspec.graph", ${s}`),
        ),
        (doc) => onlyLayerspecErrors(() => graphFromJSON(doc)),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('fuzz: layerFromJSON', () => {
  const layerDocs = layers.map((l) => JSON.parse(JSON.stringify(l.toJSON())) as unknown);

  it('mutated layer documents give a layer (that builds) or a LayerspecError', () => {
    fc.assert(
      fc.property(mutated(layerDocs), (doc) =>
        onlyLayerspecErrors(() => {
          const layer = layerFromJSON(doc as Parameters<typeof layerFromJSON>[0]);
          const names = layer
            .inputs({})
            .filter((d) => !d.optional)
            .map((d) => d.name);
          layer.build(Object.fromEntries(names.map((n) => [n, seq])));
        }),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('any config for every class gives a layer or a LayerspecError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...layerClassNames()),
        fc.dictionary(
          fc.constantFrom(
            'numHeads',
            'keyDim',
            'units',
            'axis',
            'epsilon',
            'cell',
            'dropout',
            'useBias',
            'kernelInitializer',
            'mechanism',
            'other',
          ),
          hostile(),
        ),
        (className, config) => onlyLayerspecErrors(() => layerFromJSON({ className, config })),
      ),
      { numRuns: FUZZ_RUNS },
    );
  });
});
