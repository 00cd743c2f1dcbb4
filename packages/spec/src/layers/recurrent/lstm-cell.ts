import type { GraphBuilder, Value } from '../../graph/builder.js';
import { toInitializerSpec, type InitializerSpec } from '../../init/spec.js';
import { fields } from '../config.js';
import { declareLayer } from '../declaration.js';
import { RecurrentCell, affine, cellInputs, cellSchema, columns, fusedLoop, type CellConfig, type CellStep, type LoopCell, type StateName } from './cell.js';

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
    return { name: 'blocks', blocks: [{ size: u, init: base }, { size: u, init: { name: 'ones' } }, { size: 2 * u, init: base }] };
  }

  createWeights(b: GraphBuilder, inputSize: number): Value[] {
    return this.createGateWeights(b, inputSize, 4, { init: this.biasInit() });
  }

  step(b: GraphBuilder, x: Value, states: readonly Value[], weights: readonly Value[]): CellStep {
    const z = b.op1('Add', [affine(b, x, weights[0]!, weights[2]), b.op1('MatMul', [states[0]!, weights[1]!])]);
    return this.finish(b, z, states[1]!);
  }

  override forLoop(b: GraphBuilder, x: Value, weights: readonly Value[], extraSize: number): LoopCell {
    return fusedLoop(b, x, weights, extraSize, (body, z, states) => this.finish(body, z, states[1]!));
  }

  /** The gates from their pre-activations `z (B, 4u)`, and the next states. */
  private finish(b: GraphBuilder, z: Value, c: Value): CellStep {
    const u = this.units;
    const gate = (i: number) => columns(b, z, i * u, (i + 1) * u);
    const i = b.op1('Sigmoid', [gate(0)]);
    const f = b.op1('Sigmoid', [gate(1)]);
    const g = b.op1('Tanh', [gate(2)]);
    const o = b.op1('Sigmoid', [gate(3)]);
    const cNext = b.op1('Add', [b.op1('Mul', [f, c]), b.op1('Mul', [i, g])]);
    const hNext = b.op1('Mul', [o, b.op1('Tanh', [cNext])]);
    return { output: hNext, states: [hNext, cNext] };
  }
}
