import type { GraphBuilder, Value } from '../../graph/builder.js';
import { fields } from '../config.js';
import { declareLayer } from '../declaration.js';
import { RecurrentCell, affine, cellInputs, cellSchema, type CellConfig, type CellStep, type StateName } from './cell.js';

export type Activation = 'tanh' | 'relu' | 'sigmoid' | 'linear';

export interface SimpleRNNCellConfig extends CellConfig {
  activation: Activation;
}

const NAME = 'SimpleRNNCell';

const DECLARATION = declareLayer<SimpleRNNCellConfig>({
  name: NAME,
  doc: 'h = activation(x @ kernel + h_prev @ recurrent_kernel + bias)',
  config: cellSchema({ activation: fields.oneOf('activation', ['tanh', 'relu', 'sigmoid', 'linear'], 'tanh') }),
  inputs: cellInputs(['state_h']),
  buildOptions: {},
});

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
  static readonly declaration = DECLARATION;

  constructor(config: Partial<SimpleRNNCellConfig> & Pick<SimpleRNNCellConfig, 'units'>) {
    super(DECLARATION, config);
  }

  get stateNames(): readonly StateName[] {
    return ['state_h'];
  }

  createWeights(b: GraphBuilder, inputSize: number): Value[] {
    return this.createGateWeights(b, inputSize, 1);
  }

  step(b: GraphBuilder, x: Value, states: readonly Value[], weights: readonly Value[]): CellStep {
    const [kernel, recurrent, bias] = [weights[0]!, weights[1]!, weights[2]];
    const h = activate(b, affine(b, x, kernel, bias).add(affine(b, states[0]!, recurrent)), this.config.activation);
    return { output: h, states: [h] };
  }
}
