import type {
  AttentionBuildOptions, AttentionWrapper, GRUCell, LSTMCell, LayerNormalization, MultiHeadAttention,
  MultiHeadAttentionBuildOptions, RMSNormalization, RNN, ScaledDotProductAttention, SequenceAttention, SimpleRNNCell,
} from '@layerspec/spec';
import { tf } from '../tf.js';
import type { TfLayerArgs } from './args.js';
import { KINDS, type SpecLayerName } from './kinds.js';
import { SpecLayer, type SpecLayerOptions } from './spec-layer.js';

/** A wrapper's arguments: the spec layer's config `C`, its build options `O`, the wrapper's options, tfjs's. */
export type SpecLayerArgs<C, O = object> = C & O & SpecLayerOptions & TfLayerArgs;

type ConfigOf<T extends abstract new (...args: never[]) => unknown> = ConstructorParameters<T>[0];

export type ScaledDotProductAttentionArgs = SpecLayerArgs<NonNullable<ConfigOf<typeof ScaledDotProductAttention>>, AttentionBuildOptions>;
export type MultiHeadAttentionArgs = SpecLayerArgs<ConfigOf<typeof MultiHeadAttention>, MultiHeadAttentionBuildOptions>;
export type LayerNormalizationArgs = SpecLayerArgs<NonNullable<ConfigOf<typeof LayerNormalization>>>;
export type RMSNormalizationArgs = SpecLayerArgs<NonNullable<ConfigOf<typeof RMSNormalization>>>;
export type SequenceAttentionArgs = SpecLayerArgs<NonNullable<ConfigOf<typeof SequenceAttention>>, AttentionBuildOptions>;
export type SimpleRNNCellArgs = SpecLayerArgs<ConfigOf<typeof SimpleRNNCell>>;
export type LSTMCellArgs = SpecLayerArgs<ConfigOf<typeof LSTMCell>>;
export type GRUCellArgs = SpecLayerArgs<ConfigOf<typeof GRUCell>>;
export type RNNArgs = SpecLayerArgs<ConfigOf<typeof RNN>>;
export type AttentionWrapperArgs = SpecLayerArgs<ConfigOf<typeof AttentionWrapper>>;

// One tfjs class per spec layer: tfjs finds a saved layer's class by its static `className`.

export class LayerspecScaledDotProductAttention extends SpecLayer {
  static readonly className = KINDS.ScaledDotProductAttention.className;
  constructor(args: ScaledDotProductAttentionArgs = {}) {
    super(KINDS.ScaledDotProductAttention, args);
  }
}

export class LayerspecMultiHeadAttention extends SpecLayer {
  static readonly className = KINDS.MultiHeadAttention.className;
  constructor(args: MultiHeadAttentionArgs) {
    super(KINDS.MultiHeadAttention, args);
  }
}

export class LayerspecLayerNormalization extends SpecLayer {
  static readonly className = KINDS.LayerNormalization.className;
  constructor(args: LayerNormalizationArgs = {}) {
    super(KINDS.LayerNormalization, args);
  }
}

export class LayerspecRMSNormalization extends SpecLayer {
  static readonly className = KINDS.RMSNormalization.className;
  constructor(args: RMSNormalizationArgs = {}) {
    super(KINDS.RMSNormalization, args);
  }
}

export class LayerspecSequenceAttention extends SpecLayer {
  static readonly className = KINDS.SequenceAttention.className;
  constructor(args: SequenceAttentionArgs = {}) {
    super(KINDS.SequenceAttention, args);
  }
}

export class LayerspecSimpleRNNCell extends SpecLayer {
  static readonly className = KINDS.SimpleRNNCell.className;
  constructor(args: SimpleRNNCellArgs) {
    super(KINDS.SimpleRNNCell, args);
  }
}

export class LayerspecLSTMCell extends SpecLayer {
  static readonly className = KINDS.LSTMCell.className;
  constructor(args: LSTMCellArgs) {
    super(KINDS.LSTMCell, args);
  }
}

export class LayerspecGRUCell extends SpecLayer {
  static readonly className = KINDS.GRUCell.className;
  constructor(args: GRUCellArgs) {
    super(KINDS.GRUCell, args);
  }
}

export class LayerspecRNN extends SpecLayer {
  static readonly className = KINDS.RNN.className;
  constructor(args: RNNArgs) {
    super(KINDS.RNN, args);
  }
}

export class LayerspecAttentionWrapper extends SpecLayer {
  static readonly className = KINDS.AttentionWrapper.className;
  constructor(args: AttentionWrapperArgs) {
    super(KINDS.AttentionWrapper, args);
  }
}

/** The tfjs class of each spec layer, by the spec class name. */
export const SPEC_LAYER_CLASSES = {
  ScaledDotProductAttention: LayerspecScaledDotProductAttention,
  MultiHeadAttention: LayerspecMultiHeadAttention,
  LayerNormalization: LayerspecLayerNormalization,
  RMSNormalization: LayerspecRMSNormalization,
  SequenceAttention: LayerspecSequenceAttention,
  SimpleRNNCell: LayerspecSimpleRNNCell,
  LSTMCell: LayerspecLSTMCell,
  GRUCell: LayerspecGRUCell,
  RNN: LayerspecRNN,
  AttentionWrapper: LayerspecAttentionWrapper,
} as const satisfies Record<SpecLayerName, unknown>;

for (const cls of Object.values(SPEC_LAYER_CLASSES)) tf.serialization.registerClass(cls);
