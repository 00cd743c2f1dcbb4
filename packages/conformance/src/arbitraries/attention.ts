/** Arbitraries for ScaledDotProductAttention, MultiHeadAttention and SequenceAttention. */
import fc from 'fast-check';
import type { LayerCase } from '../types.js';
import { CaseBuilder, defined, dropoutArb, lengthArb, magnitudeArb, maskKindArb, seedArb, shareOf } from './common.js';

const len = lengthArb;
const dim = fc.integer({ min: 1, max: 6 });

/** Sizes of a (B, Tq, Dq) query, a (B, Tv, Dv) value and, when dk is set, a (B, Tv, dk) key. */
const queryValueShapes = {
  batch: fc.integer({ min: 1, max: 2 }),
  tq: len,
  tv: len,
  dq: dim,
  dv: dim,
  dk: fc.option(dim, { nil: undefined }),
};

/** What a case of a layer with weights draws besides its sizes and config: scores returned or not, data, dropout, weights. */
const caseDraws = {
  returnAttentionScores: fc.boolean(),
  magnitude: magnitudeArb,
  dropout: dropoutArb,
  dataSeed: seedArb,
  weightSeed: seedArb,
};

export const scaledDotProductAttentionArb: fc.Arbitrary<LayerCase> = fc
  .record({
    rank: fc.constantFrom(3, 4),
    batch: fc.integer({ min: 1, max: 2 }),
    kvHeads: fc.integer({ min: 1, max: 3 }),
    groups: fc.integer({ min: 1, max: 3 }),
    tq: len,
    tk: len,
    dk: dim,
    dv: dim,
    causal: fc.constantFrom<false | true | 'upperLeft' | 'lowerRight'>(false, true, 'upperLeft', 'lowerRight'),
    scale: fc.option(fc.constantFrom(0.375, 1.25), { nil: undefined }),
    softcap: fc.option(fc.constantFrom(1.5, 5, 30), { nil: undefined }),
    mask: maskKindArb,
    maskShape: fc.constantFrom('full', 'keys', 'queryKeys', 'batchKeys'),
    bias: fc.boolean(),
    magnitude: magnitudeArb,
    returnAttentionScores: fc.boolean(),
    dropout: dropoutArb,
    dataSeed: seedArb,
  })
  .map((r): LayerCase => {
    const c = new CaseBuilder(r.dataSeed);
    const lead = r.rank === 4 ? [r.batch, r.kvHeads * r.groups] : [r.batch];
    const kvLead = r.rank === 4 ? [r.batch, r.kvHeads] : [r.batch];
    c.float('query', [...lead, r.tq, r.dk], r.magnitude);
    c.float('key', [...kvLead, r.tk, r.dk], r.magnitude);
    c.float('value', [...kvLead, r.tk, r.dv]);
    const ones = r.rank === 4 ? [1] : [];
    const maskShape =
      r.maskShape === 'keys'
        ? [r.tk]
        : r.maskShape === 'queryKeys'
          ? [r.tq, r.tk]
          : r.maskShape === 'batchKeys'
            ? [r.batch, ...ones, 1, r.tk]
            : [r.batch, ...ones, r.tq, r.tk];
    const rowAxis = r.maskShape === 'queryKeys' || r.maskShape === 'full' ? maskShape.length - 2 : undefined;
    const batchAxis = r.maskShape === 'batchKeys' || r.maskShape === 'full' ? 0 : undefined;
    c.mask('attention_mask', maskShape, r.mask, rowAxis, batchAxis);
    if (r.bias) c.float('attention_bias', [r.tq, r.tk]);
    const config = defined({ causal: r.causal || undefined, scale: r.scale, softcap: r.softcap, dropout: r.dropout });
    return c.finish('ScaledDotProductAttention', config, { returnAttentionScores: r.returnAttentionScores }, 1, {
      ...r,
      share: shareOf(r.magnitude),
    });
  });

export const multiHeadAttentionArb: fc.Arbitrary<LayerCase> = fc
  .record({
    ...queryValueShapes,
    numHeads: fc.integer({ min: 1, max: 3 }),
    keyDim: fc.integer({ min: 1, max: 4 }),
    valueDim: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    outputShape: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    useBias: fc.boolean(),
    useCausalMask: fc.boolean(),
    mask: maskKindArb,
    ...caseDraws,
  })
  .map((r): LayerCase => {
    const c = new CaseBuilder(r.dataSeed);
    c.float('query', [r.batch, r.tq, r.dq], r.magnitude);
    c.float('value', [r.batch, r.tv, r.dv], r.magnitude);
    if (r.dk !== undefined) c.float('key', [r.batch, r.tv, r.dk], r.magnitude);
    c.mask('attention_mask', [r.batch, r.tq, r.tv], r.mask, 1, 0);
    const config = defined({
      numHeads: r.numHeads,
      keyDim: r.keyDim,
      valueDim: r.valueDim,
      outputShape: r.outputShape,
      useBias: r.useBias ? undefined : false,
      dropout: r.dropout,
    });
    const buildOptions = defined({
      useCausalMask: r.useCausalMask || undefined,
      returnAttentionScores: r.returnAttentionScores || undefined,
    });
    return c.finish('MultiHeadAttention', config, buildOptions, r.weightSeed, { ...r, share: shareOf(r.magnitude) });
  });

export const sequenceAttentionArb: fc.Arbitrary<LayerCase> = fc
  .record({
    ...queryValueShapes,
    score: fc.constantFrom('dot', 'general', 'concat'),
    units: fc.integer({ min: 1, max: 4 }),
    useScale: fc.boolean(),
    attentionalUnits: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    causal: fc.boolean(),
    valueMask: maskKindArb,
    queryMask: fc.boolean(),
    ...caseDraws,
  })
  .map((r): LayerCase => {
    const c = new CaseBuilder(r.dataSeed);
    // 'dot' needs Dq == Dk (Dk is Dv when no key is given).
    const dk = r.score === 'dot' ? r.dq : r.dk;
    const dv = r.score === 'dot' && r.dk === undefined ? r.dq : r.dv;
    c.float('query', [r.batch, r.tq, r.dq], r.magnitude);
    c.float('value', [r.batch, r.tv, dv], r.magnitude);
    if (r.dk !== undefined && dk !== undefined) c.float('key', [r.batch, r.tv, dk], r.magnitude);
    c.mask('value_mask', [r.batch, r.tv], r.valueMask === 'row' ? 'random' : r.valueMask, undefined, 0);
    if (r.queryMask) c.mask('query_mask', [r.batch, r.tq], 'random');
    const config = defined({
      score: r.score,
      units: r.score === 'concat' ? r.units : undefined,
      useScale: r.useScale || undefined,
      attentionalUnits: r.attentionalUnits,
      causal: r.causal || undefined,
      dropout: r.dropout,
    });
    return c.finish('SequenceAttention', config, { returnAttentionScores: r.returnAttentionScores }, r.weightSeed, {
      ...r,
      share: shareOf(r.magnitude),
    });
  });
