import { LayerspecError } from '@layerspec/spec';
import { SpecLayer, kindOf, type SpecLayerArgs, type tf } from '@layerspec/backend-tfjs';

type MultiHeadAttentionArgs = SpecLayerArgs<'MultiHeadAttention'>;
import { ConfigReader, type ConfigDict } from './config-values.js';

const WHERE = 'MultiHeadAttention';

/** Keras's `output_shape`: none, a size, or a one-element list (the output's last dim). */
function outputShape(r: ConfigReader, where: string): number | undefined {
  const v = r.raw('outputShape');
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v) && v.length === 1) return new ConfigReader(where, { outputShape: v[0] ?? null }).optionalInt('outputShape');
  return r.optionalInt('outputShape');
}

/** Only the sequence axis of (batch, seq, features) inputs: Keras's default, `None`, `[1]` or `[-2]`. */
function checkAttentionAxes(r: ConfigReader, where: string): void {
  const v = r.raw('attentionAxes');
  if (v === null || v === undefined) return;
  const axes = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(axes) || axes.length !== 1 || (axes[0] !== 1 && axes[0] !== -2)) {
    throw new LayerspecError(
      where,
      `config 'attention_axes' ${JSON.stringify(v)} is not supported: only attention over the sequence axis of (batch, seq, features) inputs (None, [1] or [-2])`,
    );
  }
}

/**
 * A Keras MultiHeadAttention config (as tfjs hands it over: camelCase keys) as the wrapper's arguments.
 * Initializers, regularizers and constraints only matter for training from scratch and are not carried
 * over; the weights come from the model's weights file.
 */
export function kerasMultiHeadAttentionArgs(config: ConfigDict): MultiHeadAttentionArgs {
  const name = typeof config['name'] === 'string' ? config['name'] : undefined;
  const where = name ? `${WHERE} '${name}'` : WHERE;
  const r = new ConfigReader(where, config);
  checkAttentionAxes(r, where);
  const args: MultiHeadAttentionArgs = {
    numHeads: r.int('numHeads'),
    keyDim: r.int('keyDim'),
    valueDim: r.optionalInt('valueDim'),
    dropout: r.number('dropout', 0),
    useBias: r.bool('useBias', true),
    outputShape: outputShape(r, where),
    useCausalMask: r.bool('useCausalMask', false),
    returnAttentionScores: r.bool('returnAttentionScores', false),
    trainable: r.bool('trainable', true),
  };
  if (name !== undefined) args.name = name;
  const inputs = r.strings('inputs');
  if (inputs) args.inputs = inputs;
  const seed = r.raw('seed');
  if (typeof seed === 'number') args.seed = seed;
  return args;
}

/**
 * Keras's MultiHeadAttention as tfjs loads it from a converted model: the layerspec layer (same weight
 * names and layouts as Keras), built from Keras's config. Its call arguments are positional inputs here:
 * the registered `Functional` rewrites Keras's `value`, `key` and `attention_mask` kwargs into them.
 */
export class KerasMultiHeadAttention extends SpecLayer {
  static readonly className = 'MultiHeadAttention';

  constructor(args: MultiHeadAttentionArgs) {
    super(kindOf('MultiHeadAttention'), args);
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: ConfigDict,
  ): T {
    return new cls(kerasMultiHeadAttentionArgs(config));
  }
}
