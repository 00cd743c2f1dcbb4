/**
 * Arbitraries for the building blocks of models: Dense, Embedding, the position encodings, Activation,
 * Dropout, Add, the Transformer blocks and small Sequential / Functional models.
 */
import fc from 'fast-check';
import { ACTIVATIONS, tensor, type LayerName } from '@layerspec/spec';
import type { LayerCase } from '../types.js';
import { CaseBuilder, defined, seedArb } from './common.js';

const dim = (max: number) => fc.integer({ min: 1, max });
const batchedShape = fc.array(dim(4), { minLength: 2, maxLength: 4 });
const activationArb = fc.constantFrom(...ACTIVATIONS);

/** A case of one float `input` of `shape`. */
function single(
  layer: LayerName,
  shape: number[],
  config: Record<string, unknown>,
  dataSeed: number,
  weightSeed: number,
  recipe: object,
  options = {},
): LayerCase {
  const c = new CaseBuilder(dataSeed);
  c.float('input', shape);
  return c.finish(layer, defined(config), options, weightSeed, { ...recipe });
}

export const denseArb: fc.Arbitrary<LayerCase> = fc
  .record({
    shape: batchedShape,
    units: dim(6),
    activation: fc.option(activationArb, { nil: undefined }),
    useBias: fc.option(fc.boolean(), { nil: undefined }),
    dataSeed: seedArb,
    weightSeed: seedArb,
  })
  .map((r) => single('Dense', r.shape, { units: r.units, activation: r.activation, useBias: r.useBias }, r.dataSeed, r.weightSeed, r));

export const embeddingArb: fc.Arbitrary<LayerCase> = fc
  .record({
    shape: fc.array(dim(4), { minLength: 1, maxLength: 3 }),
    inputDim: dim(9),
    outputDim: dim(5),
    maskZero: fc.boolean(),
    dataSeed: seedArb,
    weightSeed: seedArb,
  })
  .map((r) => {
    const c = new CaseBuilder(r.dataSeed);
    const n = r.shape.reduce((a, d) => a * d, 1);
    c.add(
      'input',
      tensor(
        Array.from({ length: n }, () => Math.floor(c.rng.uniform() * r.inputDim)),
        r.shape,
        'int32',
      ),
    );
    return c.finish('Embedding', { inputDim: r.inputDim, outputDim: r.outputDim, maskZero: r.maskZero }, {}, r.weightSeed, r);
  });

export const sinePositionEncodingArb: fc.Arbitrary<LayerCase> = fc
  .record({
    shape: batchedShape,
    maxWavelength: fc.option(fc.constantFrom(100, 10000), { nil: undefined }),
    dataSeed: seedArb,
    weightSeed: seedArb,
  })
  .map((r) => single('SinePositionEncoding', r.shape, { maxWavelength: r.maxWavelength }, r.dataSeed, r.weightSeed, r));

export const positionEmbeddingArb: fc.Arbitrary<LayerCase> = fc
  .record({ shape: batchedShape, extra: fc.integer({ min: 0, max: 3 }), dataSeed: seedArb, weightSeed: seedArb })
  .map((r) =>
    single('PositionEmbedding', r.shape, { sequenceLength: r.shape[r.shape.length - 2]! + r.extra }, r.dataSeed, r.weightSeed, r),
  );

export const rotaryEmbeddingArb: fc.Arbitrary<LayerCase> = fc
  .record({
    batch: dim(2),
    heads: fc.option(dim(3), { nil: undefined }),
    seq: dim(5),
    half: dim(4),
    interleaved: fc.boolean(),
    withIds: fc.boolean(),
    startIndex: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    dataSeed: seedArb,
  })
  .map((r) => {
    const c = new CaseBuilder(r.dataSeed);
    c.float('input', r.heads === undefined ? [r.batch, r.seq, 2 * r.half] : [r.batch, r.heads, r.seq, 2 * r.half]);
    if (r.withIds)
      c.add(
        'position_ids',
        tensor(
          Array.from({ length: r.batch * r.seq }, () => Math.floor(c.rng.uniform() * 50)),
          [r.batch, r.seq],
          'int32',
        ),
      );
    return c.finish('RotaryEmbedding', { interleaved: r.interleaved }, defined({ startIndex: r.startIndex }), 1, r);
  });

export const activationLayerArb: fc.Arbitrary<LayerCase> = fc
  .record({ shape: fc.array(dim(4), { minLength: 1, maxLength: 3 }), activation: activationArb, dataSeed: seedArb })
  .map((r) => single('Activation', r.shape, { activation: r.activation }, r.dataSeed, 1, r));

export const dropoutArb: fc.Arbitrary<LayerCase> = fc
  .record({ shape: fc.array(dim(4), { minLength: 1, maxLength: 3 }), rate: fc.constantFrom(0, 0.25, 0.5), dataSeed: seedArb })
  .map((r) => single('Dropout', r.shape, { rate: r.rate }, r.dataSeed, 1, r));

export const addArb: fc.Arbitrary<LayerCase> = fc
  .record({
    shape: fc.array(dim(4), { minLength: 1, maxLength: 3 }),
    n: fc.integer({ min: 2, max: 4 }),
    drops: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    dataSeed: seedArb,
  })
  .map((r) => {
    const c = new CaseBuilder(r.dataSeed);
    // input i keeps a suffix of the shape, with some dims set to 1: numpy broadcasting
    for (let i = 0; i < r.n; i++)
      c.float(`input_${i}`, i === 0 ? r.shape : r.shape.slice(i % r.shape.length).map((d, j) => (r.drops[j] ? 1 : d)));
    return c.finish('Add', {}, {}, 1, r);
  });

const blockRecord = {
  batch: dim(2),
  seq: dim(4),
  heads: dim(2),
  headSize: dim(3),
  intermediateDim: dim(6),
  activation: fc.option(fc.constantFrom('relu', 'gelu'), { nil: undefined }),
  normalizeFirst: fc.boolean(),
  padding: fc.boolean(),
  attention: fc.boolean(),
  dataSeed: seedArb,
  weightSeed: seedArb,
};

/** The config a Transformer encoder or decoder block case draws. */
function blockConfig(r: { intermediateDim: number; heads: number; activation: 'relu' | 'gelu' | undefined; normalizeFirst: boolean }) {
  return defined({ intermediateDim: r.intermediateDim, numHeads: r.heads, activation: r.activation, normalizeFirst: r.normalizeFirst });
}

export const transformerEncoderArb: fc.Arbitrary<LayerCase> = fc.record(blockRecord).map((r) => {
  const c = new CaseBuilder(r.dataSeed);
  c.float('input', [r.batch, r.seq, r.heads * r.headSize]);
  if (r.padding) c.mask('padding_mask', [r.batch, r.seq], 'random');
  if (r.attention) c.mask('attention_mask', [r.batch, r.seq, r.seq], 'random');
  return c.finish('TransformerEncoder', blockConfig(r), {}, r.weightSeed, r);
});

export const transformerDecoderArb: fc.Arbitrary<LayerCase> = fc.record({ ...blockRecord, encoderSeq: dim(4) }).map((r) => {
  const c = new CaseBuilder(r.dataSeed);
  const d = r.heads * r.headSize;
  c.float('input', [r.batch, r.seq, d]);
  c.float('encoder_sequence', [r.batch, r.encoderSeq, d]);
  if (r.padding) c.mask('padding_mask', [r.batch, r.seq], 'random');
  if (r.attention) c.mask('encoder_padding_mask', [r.batch, r.encoderSeq], 'random');
  return c.finish('TransformerDecoder', blockConfig(r), {}, r.weightSeed, r);
});

/** A Sequential of 1-3 Dense / Activation / LayerNormalization layers. */
export const sequentialArb: fc.Arbitrary<LayerCase> = fc
  .record({
    shape: batchedShape,
    layers: fc.array(
      fc.oneof(
        dim(5).map((units) => ({ className: 'Dense', config: { units } })),
        activationArb.map((activation) => ({ className: 'Activation', config: { activation } })),
        fc.constant({ className: 'LayerNormalization', config: {} }),
      ),
      { minLength: 1, maxLength: 3 },
    ),
    dataSeed: seedArb,
    weightSeed: seedArb,
  })
  .map((r) => single('Sequential', r.shape, { layers: r.layers }, r.dataSeed, r.weightSeed, r));

/** Embedding -> TransformerEncoder (masked by the embedding's mask) -> Dense, as a Functional model. */
export const functionalArb: fc.Arbitrary<LayerCase> = fc
  .record({ batch: dim(2), seq: dim(4), vocab: fc.integer({ min: 2, max: 6 }), heads: dim(2), dataSeed: seedArb, weightSeed: seedArb })
  .map((r) => {
    const c = new CaseBuilder(r.dataSeed);
    c.add(
      'ids',
      tensor(
        Array.from({ length: r.batch * r.seq }, () => Math.floor(c.rng.uniform() * r.vocab)),
        [r.batch, r.seq],
        'int32',
      ),
    );
    const config = {
      inputTypes: { ids: { dtype: 'int32', rank: 2 } },
      layers: [
        {
          name: 'embedding',
          layer: { className: 'Embedding', config: { inputDim: r.vocab, outputDim: 2 * r.heads, maskZero: true } },
          inputs: { input: 'ids' },
        },
        {
          name: 'encoder',
          layer: { className: 'TransformerEncoder', config: { intermediateDim: 4, numHeads: r.heads } },
          inputs: { input: 'embedding', padding_mask: 'embedding:mask' },
        },
        { name: 'head', layer: { className: 'Dense', config: { units: 3 } }, inputs: { input: 'encoder' } },
      ],
      outputs: { logits: 'head' },
    };
    return c.finish('Functional', config, {}, r.weightSeed, r);
  });
