import type { GraphBuilder, Value } from '../graph/builder.js';
import { fields } from './config.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';

export interface DropoutConfig {
  rate: number;
  seed: number;
}

const NAME = 'Dropout';

const DECLARATION = declareLayer<DropoutConfig>({
  name: NAME,
  doc: 'in training, zeroes each element with probability rate and scales the rest by 1 / (1 - rate); else the identity',
  config: {
    rate: fields.number('probability of dropping an element', { min: 0, below: 1 }),
    seed: fields.int('seed of the drop pattern', { default: 0 }),
  },
  inputs: [{ name: 'input', dtype: 'float32' }],
  buildOptions: {},
});

/** Inverted dropout in training (the backend's `training` compile option); the identity in inference. */
export class Dropout extends Layer<DropoutConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<DropoutConfig> & Pick<DropoutConfig, 'rate'>) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    return { output: b.op1('Dropout', [inputs['input']!], { ratio: this.config.rate, seed: this.config.seed }) };
  }
}
