import type { GraphBuilder, Value } from '../../graph/builder.js';
import { toInitializerSpec, type InitializerSpec } from '../../init/spec.js';
import { fields } from '../config.js';
import { declareLayer } from '../declaration.js';
import { RecurrentCell, affine, cellInputs, cellSchema, columns, type CellConfig, type CellStep, type StateName } from './cell.js';

export interface LSTMCellConfig extends CellConfig {
  unitForgetBias: boolean;
}

const NAME = 'LSTMCell';

const DECLARATION = declareLayer<LSTMCellConfig>({
  name: NAME,
  doc: "Keras's LSTM cell: gates i, f, c, o",
  config: cellSchema({ unitForgetBias: fields.bool('initialize the forget-gate bias to 1', true) }),
  inputs: cellInputs(['state_h', 'state_c']),
  buildOptions: {},
});

/** Keras's LSTM: gates i, f, c, o in that order along the last axis of the (.., 4u) weights. */
export class LSTMCell extends RecurrentCell<LSTMCellConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<LSTMCellConfig> & Pick<LSTMCellConfig, 'units'>) {
    super(DECLARATION, config);
  }

  get stateNames(): readonly StateName[] {
    return ['state_h', 'state_c'];
  }

  private biasInit(): InitializerSpec {
    const base = toInitializerSpec(this.config.biasInitializer);
    if (!this.config.unitForgetBias) return base;
    const u = this.units;
    return {
      name: 'blocks',
      blocks: [
        { size: u, init: base },
        { size: u, init: { name: 'ones' } },
        { size: 2 * u, init: base },
      ],
    };
  }

  createWeights(b: GraphBuilder, inputSize: number): Value[] {
    return this.createGateWeights(b, inputSize, 4, { init: this.biasInit() });
  }

  step(b: GraphBuilder, x: Value, states: readonly Value[], weights: readonly Value[]): CellStep {
    const [kernel, recurrent, bias] = [weights[0]!, weights[1]!, weights[2]];
    const z = affine(b, x, kernel, bias).add(affine(b, states[0]!, recurrent));
    return this.finish(b, z, states[1]!);
  }

  /** The gates from their pre-activations `z (B, 4u)`, and the next states. */
  private finish(b: GraphBuilder, z: Value, c: Value): CellStep {
    const u = this.units;
    const gate = (i: number) => columns(b, z, i * u, (i + 1) * u);
    const i = gate(0).sigmoid();
    const f = gate(1).sigmoid();
    const g = gate(2).tanh();
    const o = gate(3).sigmoid();
    const cNext = f.mul(c).add(i.mul(g));
    const hNext = o.mul(cNext.tanh());
    return { output: hNext, states: [hNext, cNext] };
  }
}
