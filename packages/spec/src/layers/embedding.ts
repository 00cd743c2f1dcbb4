import type { GraphBuilder, Value } from '../graph/builder.js';
import type { InitializerLike } from '../init/spec.js';
import { fields } from './config.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';

export interface EmbeddingConfig {
  inputDim: number;
  outputDim: number;
  maskZero: boolean;
  embeddingsInitializer: InitializerLike;
}

const NAME = 'Embedding';

const DECLARATION = declareLayer<EmbeddingConfig>({
  name: NAME,
  doc: 'the rows of `embeddings` (inputDim, outputDim) at int32 ids; with maskZero also `mask` = ids != 0',
  config: {
    inputDim: fields.int('vocabulary size: ids are in [0, inputDim)', { min: 1 }),
    outputDim: fields.int('size of each embedding vector', { min: 1 }),
    maskZero: fields.bool('also output `mask` (bool, ids != 0): id 0 is padding', false),
    embeddingsInitializer: fields.initializer('initializer of the embeddings', 'glorotUniform'),
  },
  inputs: [{ name: 'input', dtype: 'int32' }],
  buildOptions: {},
});

/**
 * Embedding lookup: output[..., :] = embeddings[ids[...], :], one Gather (ONNX Gather semantics: an id
 * outside [-inputDim, inputDim) is an error when the graph runs, a negative id counts from the end).
 */
export class Embedding extends Layer<EmbeddingConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<EmbeddingConfig> & Pick<EmbeddingConfig, 'inputDim' | 'outputDim'>) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const ids = inputs['input']!;
    const { inputDim, outputDim } = this.config;
    const table = b.param('embeddings', { dtype: 'float32', shape: [inputDim, outputDim] }, this.config.embeddingsInitializer);
    const output = b.op1('Gather', [table, ids], { axis: 0 });
    if (!this.config.maskZero) return { output };
    return { output, mask: b.op1('Not', [b.op1('Equal', [ids, b.scalar(0, 'int32')])]) };
  }
}
