import type { GraphBuilder, Value } from '../../graph/builder.js';
import { fields } from '../config.js';
import { declareLayer } from '../declaration.js';
import { RecurrentCell, affine, cellInputs, cellSchema, fusedLoop, type CellConfig, type CellStep, type LoopCell, type StateName } from './cell.js';

export type Activation = 'tanh' | 'relu' | 'sigmoid' | 'linear';

export interface SimpleRNNCellConfig extends CellConfig {
  activation: Activation;
}

const NAME = 'SimpleRNNCell';

const DECLARATION = declareLayer<SimpleRNNCellConfig>({
  name: NAME,
  doc: "h = activation(x @ kernel + h_prev @ recurrent_kernel + bias)",
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
    const [kernel, recurrent, bias] = [0, 1, 2].map((i) => weights[i]);
    const z = b.op1('Add', [affine(b, x, kernel!, bias), b.op1('MatMul', [states[0]!, recurrent!])]);
    return this.finish(b, z);
  }

  override forLoop(b: GraphBuilder, x: Value, weights: readonly Value[], extraSize: number): LoopCell {
    return fusedLoop(b, x, weights, extraSize, (body, z) => this.finish(body, z));
  }

  private finish(b: GraphBuilder, z: Value): CellStep {
    const h = activate(b, z, this.config.activation);
    return { output: h, states: [h] };
  }
}
