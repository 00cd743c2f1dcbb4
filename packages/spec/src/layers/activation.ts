import type { GraphBuilder, Value } from '../graph/builder.js';
import { activate, activationField, type ActivationName } from './activations.js';
import { declareLayer } from './declaration.js';
import { Layer } from './layer.js';

export interface ActivationConfig {
  activation: ActivationName;
}

const NAME = 'Activation';

const DECLARATION = declareLayer<ActivationConfig>({
  name: NAME,
  doc: 'an elementwise activation (softmax: over the last axis)',
  config: { activation: activationField('the function', 'linear') },
  inputs: [{ name: 'input', dtype: 'float32' }],
  buildOptions: {},
});

/** relu, gelu (exact), gelu_approximate (tanh form), silu, sigmoid, tanh, softmax (last axis) or linear. */
export class Activation extends Layer<ActivationConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<ActivationConfig> & Pick<ActivationConfig, 'activation'>) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const x = inputs['input']!;
    // `linear` still writes a node, so the output is a value of its own
    return { output: this.config.activation === 'linear' ? b.op1('Identity', [x]) : activate(b, this.config.activation, x) };
  }
}
