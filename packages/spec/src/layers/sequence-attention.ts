import { LayerspecError } from '../errors.js';
import type { GraphBuilder, Value } from '../graph/builder.js';
import type { InitializerLike } from '../init/spec.js';
import { causalMask, maskedSoftmax } from './attention-core.js';
import { expectDim, staticDim } from './checks.js';
import { fields } from './config.js';
import { withFans } from './initializer-fans.js';
import { QUERY_VALUE_KEY_INPUTS, WEIGHT_AND_SEED_FIELDS } from './attention-fields.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';
import { ATTENTION_BUILD_OPTIONS, type AttentionBuildOptions } from './scaled-dot-product-attention.js';

export type LuongScore = 'dot' | 'general' | 'concat';

export interface SequenceAttentionConfig {
  score: LuongScore;
  /** Hidden size of the 'concat' score. */
  units?: number | undefined;
  useScale: boolean;
  /** When set, output tanh([context; query] @ Wc + bc) of this size instead of the context. */
  attentionalUnits?: number | undefined;
  causal: boolean;
  dropout: number;
  kernelInitializer: InitializerLike;
  biasInitializer: InitializerLike;
  seed: number;
}

const NAME = 'SequenceAttention';

const DECLARATION = declareLayer<SequenceAttentionConfig, AttentionBuildOptions>({
  name: NAME,
  doc: 'Luong global attention from every query step to every step of another sequence',
  config: {
    score: fields.oneOf('score function', ['dot', 'general', 'concat'], 'dot'),
    units: fields.optional(fields.int("hidden size of the 'concat' score", { min: 1 })),
    useScale: fields.bool('learn a scalar multiplying the score', false),
    attentionalUnits: fields.optional(fields.int("size of Luong's attentional output", { min: 1 })),
    causal: fields.bool('query i attends only keys j <= i', false),
    dropout: fields.number('dropout rate on the weights, training only', { min: 0, below: 1, default: 0 }),
    ...WEIGHT_AND_SEED_FIELDS,
  },
  inputs: [
    ...QUERY_VALUE_KEY_INPUTS,
    { name: 'value_mask', dtype: 'bool', ranks: [2], optional: true },
    { name: 'query_mask', dtype: 'bool', ranks: [2], optional: true },
  ],
  buildOptions: ATTENTION_BUILD_OPTIONS,
});

/** Luong global attention from every query step to every step of another sequence. */
export class SequenceAttention extends Layer<SequenceAttentionConfig, AttentionBuildOptions> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<SequenceAttentionConfig> = {}) {
    super(DECLARATION, config);
    if (this.config.score === 'concat' && this.config.units === undefined) {
      throw new LayerspecError(NAME, "config 'units' is required when score is 'concat'");
    }
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>, options: AttentionBuildOptions): Record<string, Value> {
    const query = inputs['query']!;
    const value = inputs['value']!;
    const key = inputs['key'] ?? value;
    const keyName = inputs['key'] ? 'key' : 'value';
    const [batch, tq] = query.type.shape;
    const tv = value.type.shape[1]!;
    expectDim(NAME, 'value', value, 0, batch!, "the query's batch size");
    expectDim(NAME, keyName, key, 0, batch!, "the query's batch size");
    expectDim(NAME, keyName, key, 1, tv, "the value's sequence length");
    const valueMask = inputs['value_mask'];
    const queryMask = inputs['query_mask'];
    if (valueMask) {
      expectDim(NAME, 'value_mask', valueMask, 0, batch!, 'the batch size');
      expectDim(NAME, 'value_mask', valueMask, 1, tv, "the value's sequence length");
    }
    if (queryMask) {
      expectDim(NAME, 'query_mask', queryMask, 0, batch!, 'the batch size');
      expectDim(NAME, 'query_mask', queryMask, 1, tq!, "the query's sequence length");
    }

    let scores = this.score(b, query, key, keyName);
    if (this.config.useScale) scores = b.op1('Mul', [scores, b.param('scale', { dtype: 'float32', shape: [] }, 'ones')]);
    let allowed: Value | undefined = valueMask ? b.op1('Unsqueeze', [valueMask], { axes: [1] }) : undefined;
    if (this.config.causal) {
      const causal = causalMask(b, scores, 'upperLeft');
      allowed = allowed ? b.op1('And', [allowed, causal]) : causal;
    }
    const alpha = maskedSoftmax(b, scores, allowed);
    const dropped = this.config.dropout > 0 ? b.op1('Dropout', [alpha], { ratio: this.config.dropout, seed: this.config.seed }) : alpha;
    let output: Value = b.op1('MatMul', [dropped, value]);
    if (this.config.attentionalUnits !== undefined) output = this.attentional(b, output, query, staticDim(NAME, 'value', value, 2));
    if (queryMask) output = b.op1('Where', [b.op1('Unsqueeze', [queryMask], { axes: [2] }), output, b.scalar(0)]);
    return options.returnAttentionScores ? { output, attention_scores: alpha } : { output };
  }

  private score(b: GraphBuilder, query: Value, key: Value, keyName: string): Value {
    const keyT = (x: Value): Value => b.op1('Transpose', [x], { perm: [0, 2, 1] });
    const dq = query.type.shape[2]!;
    switch (this.config.score) {
      case 'dot':
        expectDim(NAME, keyName, key, 2, dq, "the query's feature size, as the 'dot' score needs");
        return b.op1('MatMul', [query, keyT(key)]);
      case 'general': {
        const din = staticDim(NAME, 'query', query, 2);
        const dk = staticDim(NAME, keyName, key, 2);
        const wa = b.param('general/kernel', { dtype: 'float32', shape: [din, dk] }, withFans(this.config.kernelInitializer, dk, din));
        // query_i . (key_j Wa^T) = (query_i Wa) . key_j: project the query side once.
        return b.op1('MatMul', [b.op1('MatMul', [query, wa]), keyT(key)]);
      }
      case 'concat': {
        const units = this.config.units!;
        const din = staticDim(NAME, 'query', query, 2);
        const dk = staticDim(NAME, keyName, key, 2);
        const init = this.config.kernelInitializer;
        const wq = b.param('concat/query_kernel', { dtype: 'float32', shape: [din, units] }, withFans(init, din, units));
        const wk = b.param('concat/key_kernel', { dtype: 'float32', shape: [dk, units] }, withFans(init, dk, units));
        const bias = b.param('concat/bias', { dtype: 'float32', shape: [units] }, this.config.biasInitializer);
        const v = b.param('concat/v', { dtype: 'float32', shape: [units] }, withFans(init, units, 1));
        const qp = b.op1('Unsqueeze', [b.op1('MatMul', [query, wq])], { axes: [2] });
        const kp = b.op1('Unsqueeze', [b.op1('Add', [b.op1('MatMul', [key, wk]), bias])], { axes: [1] });
        return b.op1('MatMul', [b.op1('Tanh', [b.op1('Add', [qp, kp])]), v]);
      }
    }
  }

  private attentional(b: GraphBuilder, context: Value, query: Value, dv: number): Value {
    const units = this.config.attentionalUnits!;
    const dq = staticDim(NAME, 'query', query, 2);
    const wc = b.param(
      'combine/kernel',
      { dtype: 'float32', shape: [dv + dq, units] },
      withFans(this.config.kernelInitializer, dv + dq, units),
    );
    const bc = b.param('combine/bias', { dtype: 'float32', shape: [units] }, this.config.biasInitializer);
    const joined = b.op1('Concat', [context, query], { axis: -1 });
    return b.op1('Tanh', [b.op1('Add', [b.op1('MatMul', [joined, wc]), bc])]);
  }
}
