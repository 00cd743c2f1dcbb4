/**
 * What the laws and the tolerances need to know about each layer, as data: one entry per layer of the
 * layer table, so a new layer does not compile until it says which laws it obeys and how its logits
 * are bounded.
 */
import type { LayerName } from '@layerspec/spec';
import {
  attentionWrapperBound,
  multiHeadBound,
  noLogits,
  scaledDotProductBound,
  sequenceAttentionBound,
  type LogitBound,
} from './logit-bounds.js';
import type { LayerCase } from './types.js';

/** The laws of laws.ts, by id. */
export type LawId =
  | 'rowsSumToOne'
  | 'maskedHaveZeroWeight'
  | 'causalFuture'
  | 'permutationInvariance'
  | 'layerNormShift'
  | 'paddedStepRepeats'
  | 'cachedDecoding';

/** A config key or a build option of the case. */
export interface CaseKey {
  readonly in: 'config' | 'buildOptions';
  readonly key: string;
}

/** How a weight's index `[..., i, j]` (query row i, key j) reads the mask. */
export type MaskIndex =
  | 'broadcast' // the mask broadcasts against the weights
  | 'batchQueryKey' // a (B, Tq, Tv) mask against (B, H, Tq, Tv) weights
  | 'batchKey'; // a (B, Tv) mask of allowed keys

export interface AttentionFacts {
  /** The output that holds the attention weights, and the switch that turns it on. */
  readonly scores: { readonly output: string; readonly on: CaseKey };
  /** Inputs removed while the weights are checked (they make a row of weights mean something else). */
  readonly dropForScores: readonly string[];
  /** The mask input of allowed keys. */
  readonly mask: { readonly input: string; readonly index: MaskIndex; shape(shapeOf: (input: string) => number[]): number[] };
  /** Where the causal flag is (true, 'upperLeft' or 'lowerRight'), when the layer has one. */
  readonly causal: CaseKey | undefined;
}

export interface LayerFacts {
  readonly laws: readonly LawId[];
  readonly attention: AttentionFacts | undefined;
  /** The logit bound of compare.ts's kappa. */
  readonly logitBound: LogitBound;
  /** Whether the normalization condition number of compare.ts applies. */
  readonly normalizationCondition: boolean;
}

const ATTENTION_LAWS: readonly LawId[] = ['rowsSumToOne', 'maskedHaveZeroWeight'];
const RETURN_SCORES: AttentionFacts['scores'] = { output: 'attention_scores', on: { in: 'buildOptions', key: 'returnAttentionScores' } };

const plain = (laws: readonly LawId[] = []): LayerFacts => ({
  laws,
  attention: undefined,
  logitBound: noLogits,
  normalizationCondition: false,
});

export const LAYER_FACTS: { readonly [K in LayerName]: LayerFacts } = {
  ScaledDotProductAttention: {
    laws: [...ATTENTION_LAWS, 'causalFuture', 'permutationInvariance', 'cachedDecoding'],
    attention: {
      scores: RETURN_SCORES,
      dropForScores: [],
      mask: {
        input: 'attention_mask',
        index: 'broadcast',
        shape: (shapeOf) => {
          const q = shapeOf('query');
          return [q[q.length - 2] ?? 1, shapeOf('key')[q.length - 2] ?? 1];
        },
      },
      causal: { in: 'config', key: 'causal' },
    },
    logitBound: scaledDotProductBound,
    normalizationCondition: false,
  },
  MultiHeadAttention: {
    laws: [...ATTENTION_LAWS, 'causalFuture', 'cachedDecoding'],
    attention: {
      scores: RETURN_SCORES,
      dropForScores: [],
      mask: {
        input: 'attention_mask',
        index: 'batchQueryKey',
        shape: (shapeOf) => [shapeOf('query')[0] ?? 1, shapeOf('query')[1] ?? 1, shapeOf('value')[1] ?? 1],
      },
      causal: { in: 'buildOptions', key: 'useCausalMask' },
    },
    logitBound: multiHeadBound,
    normalizationCondition: false,
  },
  LayerNormalization: { ...plain(['layerNormShift']), normalizationCondition: true },
  RMSNormalization: plain(),
  SequenceAttention: {
    laws: ATTENTION_LAWS,
    attention: {
      scores: RETURN_SCORES,
      dropForScores: ['query_mask'],
      mask: { input: 'value_mask', index: 'batchKey', shape: (shapeOf) => shapeOf('value').slice(0, 2) },
      causal: { in: 'config', key: 'causal' },
    },
    logitBound: sequenceAttentionBound,
    normalizationCondition: false,
  },
  SimpleRNNCell: plain(),
  LSTMCell: plain(),
  GRUCell: plain(),
  RNN: plain(['paddedStepRepeats']),
  Dense: plain(),
  Embedding: plain(),
  SinePositionEncoding: plain(),
  PositionEmbedding: plain(),
  RotaryEmbedding: plain(),
  Activation: plain(),
  Dropout: plain(),
  Add: plain(),
  TransformerEncoder: plain(),
  TransformerDecoder: plain(),
  Sequential: plain(),
  Functional: plain(),
  AttentionWrapper: {
    laws: ATTENTION_LAWS,
    attention: {
      // padded steps repeat the previous step's weights (zeros before the first), so no sequence_mask
      scores: { output: 'attention', on: { in: 'config', key: 'returnAttention' } },
      dropForScores: ['sequence_mask'],
      mask: {
        input: 'memory_mask',
        index: 'batchKey',
        shape: (shapeOf) => {
          const memory = shapeOf('memory').length ? shapeOf('memory') : shapeOf('inputs');
          return [memory[0] ?? 1, memory[1] ?? 1];
        },
      },
      causal: undefined,
    },
    logitBound: attentionWrapperBound,
    normalizationCondition: false,
  },
};

/** The value of a config key or build option of the case. */
export function valueAt(c: LayerCase, at: CaseKey): unknown {
  return c[at.in][at.key];
}

/** The case with a config key or build option set. */
export function withValue(c: LayerCase, at: CaseKey, value: unknown): LayerCase {
  return { ...c, [at.in]: { ...c[at.in], [at.key]: value } };
}

/** The attention facts of the case's layer (only attention layers list the laws that read them). */
export function attentionOf(c: LayerCase): AttentionFacts {
  const facts = LAYER_FACTS[c.layer].attention;
  if (!facts) throw new Error(`${c.layer} has no attention facts (facts.ts)`);
  return facts;
}
