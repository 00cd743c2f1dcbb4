import type { GraphBuilder, Value } from '../../graph/builder.js';
import type { InitializerLike } from '../../init/spec.js';
import { fields } from '../config.js';
import { RecurrentCell, affine, type CellStep, type StateName } from './cell.js';

export type Activation = 'tanh' | 'relu' | 'sigmoid' | 'linear';

export interface SimpleRNNCellConfig {
  units: number;
  activation: Activation;
  useBias: boolean;
  kernelInitializer: InitializerLike;
  recurrentInitializer: InitializerLike;
  biasInitializer: InitializerLike;
}

const NAME = 'SimpleRNNCell';

export function activate(b: GraphBuilder, x: Value, activation: Activation): Value {
  switch (activation) {
    case 'tanh':
      return b.op1('Tanh', [x]);
    case 'relu':
      return b.op1('Relu', [x]);
    case 'sigmoid':
      return b.op1('Sigmoid', [x]);
    case 'linear':
      return x;
  }
}

/** h = activation(x @ kernel + h_prev @ recurrent_kernel + bias). */
export class SimpleRNNCell extends RecurrentCell<SimpleRNNCellConfig> {
  static readonly className = NAME;

  constructor(config: Partial<SimpleRNNCellConfig> & Pick<SimpleRNNCellConfig, 'units'>) {
    super(NAME, {
      units: fields.int('size of the state', { min: 1 }),
      activation: fields.oneOf('activation', ['tanh', 'relu', 'sigmoid', 'linear'], 'tanh'),
      useBias: fields.bool('add a bias', true),
      kernelInitializer: fields.initializer('initializer of kernel', 'glorotUniform'),
      recurrentInitializer: fields.initializer('initializer of recurrent_kernel', 'orthogonal'),
      biasInitializer: fields.initializer('initializer of bias', 'zeros'),
    }, config);
  }

  get stateNames(): readonly StateName[] {
    return ['state_h'];
  }

  createWeights(b: GraphBuilder, inputSize: number): Value[] {
    const u = this.units;
    const c = this.config;
    const weights = [
      b.param('kernel', { dtype: 'float32', shape: [inputSize, u] }, c.kernelInitializer),
      b.param('recurrent_kernel', { dtype: 'float32', shape: [u, u] }, c.recurrentInitializer),
    ];
    if (c.useBias) weights.push(b.param('bias', { dtype: 'float32', shape: [u] }, c.biasInitializer));
    return weights;
  }

  step(b: GraphBuilder, x: Value, states: readonly Value[], weights: readonly Value[]): CellStep {
    const [kernel, recurrent, bias] = [0, 1, 2].map((i) => weights[i]);
    const z = b.op1('Add', [affine(b, x, kernel!, bias), b.op1('MatMul', [states[0]!, recurrent!])]);
    const h = activate(b, z, this.config.activation);
    return { output: h, states: [h] };
  }
}
