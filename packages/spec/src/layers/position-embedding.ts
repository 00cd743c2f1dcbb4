import { LayerspecError } from '../errors.js';
import type { GraphBuilder, Value } from '../graph/builder.js';
import type { InitializerLike } from '../init/spec.js';
import { staticDim } from './checks.js';
import { fields } from './config.js';
import { BATCHED_RANKS } from './dense.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';
import { positionsAlong } from './positions.js';

export interface PositionEmbeddingConfig {
  sequenceLength: number;
  initializer: InitializerLike;
}

const NAME = 'PositionEmbedding';

const DECLARATION = declareLayer<PositionEmbeddingConfig>({
  name: NAME,
  doc: 'a learned (sequenceLength, D) table, its first T rows broadcast to a (..., T, D) input',
  config: {
    sequenceLength: fields.int('the longest sequence: rows of the table', { min: 1 }),
    initializer: fields.initializer('initializer of the embeddings', 'glorotUniform'),
  },
  inputs: [{ name: 'input', dtype: 'float32', ranks: BATCHED_RANKS }],
  buildOptions: {},
});

/**
 * keras-hub's PositionEmbedding: weight `embeddings` (sequenceLength, D); the output is its rows
 * 0..T-1 (T = the input's axis -2) broadcast to the input's shape. A static T > sequenceLength is an
 * error when the graph is built; a symbolic one is checked when it runs (the row lookup is a Gather).
 */
export class PositionEmbedding extends Layer<PositionEmbeddingConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<PositionEmbeddingConfig> & Pick<PositionEmbeddingConfig, 'sequenceLength'>) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const x = inputs['input']!;
    const d = staticDim(NAME, 'input', x, -1);
    const t = x.type.shape[x.type.shape.length - 2]!;
    const { sequenceLength } = this.config;
    if (typeof t === 'number' && t > sequenceLength) {
      throw new LayerspecError(NAME, `input 'input' has ${t} positions (axis -2), more than sequenceLength ${sequenceLength}`);
    }
    const table = b.param('embeddings', { dtype: 'float32', shape: [sequenceLength, d] }, this.config.initializer);
    const rows = b.op1('Gather', [table, b.op1('Cast', [positionsAlong(b, x, -2)], { to: 'int32' })], { axis: 0 });
    return { output: b.op1('Expand', [rows, b.op1('Shape', [x])]) };
  }
}
