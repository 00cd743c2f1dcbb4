import type { GraphBuilder, Value } from '../graph/builder.js';
import type { InitializerLike } from '../init/spec.js';
import { activate, activationField, type ActivationName } from './activations.js';
import { staticDim } from './checks.js';
import { fields } from './config.js';
import { declareLayer } from './declaration.js';
import { withFans } from './initializer-fans.js';
import { Layer } from './layer.js';

export interface DenseConfig {
  units: number;
  activation: ActivationName;
  useBias: boolean;
  kernelInitializer: InitializerLike;
  biasInitializer: InitializerLike;
}

const NAME = 'Dense';

/** Ranks 2 to 8: Dense reads the last axis of any batched input. */
export const BATCHED_RANKS: readonly number[] = [2, 3, 4, 5, 6, 7, 8];

const DECLARATION = declareLayer<DenseConfig>({
  name: NAME,
  doc: 'activation(x @ kernel + bias) on the last axis, Keras 3 weight names',
  config: {
    units: fields.int('output size', { min: 1 }),
    activation: activationField('applied to the output', 'linear'),
    useBias: fields.bool('add the bias', true),
    kernelInitializer: fields.initializer('initializer of the kernel', 'glorotUniform'),
    biasInitializer: fields.initializer('initializer of the bias', 'zeros'),
  },
  inputs: [{ name: 'input', dtype: 'float32', ranks: BATCHED_RANKS }],
  buildOptions: {},
});

/** activation(x @ kernel + bias): kernel (in, units), bias (units), on the last axis of a rank >= 2 input. */
export class Dense extends Layer<DenseConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<DenseConfig> & Pick<DenseConfig, 'units'>) {
    super(DECLARATION, config);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const x = inputs['input']!;
    const din = staticDim(NAME, 'input', x, x.type.shape.length - 1);
    const { units } = this.config;
    const kernel = b.param('kernel', { dtype: 'float32', shape: [din, units] }, withFans(this.config.kernelInitializer, din, units));
    let y = b.op1('MatMul', [x, kernel]);
    if (this.config.useBias) y = b.op1('Add', [y, b.param('bias', { dtype: 'float32', shape: [units] }, this.config.biasInitializer)]);
    return { output: activate(b, this.config.activation, y) };
  }
}
