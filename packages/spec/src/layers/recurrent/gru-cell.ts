import type { GraphBuilder, Value } from '../../graph/builder.js';
import { tensor } from '../../tensor.js';
import { fields } from '../config.js';
import { RecurrentCell, affine, cellSchema, columns, type CellConfig, type CellStep, type StateName } from './cell.js';

export interface GRUCellConfig extends CellConfig {
  resetAfter: boolean;
}

const NAME = 'GRUCell';

/**
 * Keras's GRU: gates z, r, h in that order. `resetAfter` (the Keras default, ONNX linear_before_reset=1)
 * applies the reset gate after the recurrent product and has two biases, `bias (2, 3u)`.
 */
export class GRUCell extends RecurrentCell<GRUCellConfig> {
  static readonly className = NAME;

  constructor(config: Partial<GRUCellConfig> & Pick<GRUCellConfig, 'units'>) {
    super(NAME, cellSchema({ resetAfter: fields.bool('apply the reset gate after the recurrent product', true) }, 'add biases'), config);
  }

  get stateNames(): readonly StateName[] {
    return ['state_h'];
  }

  /** With `resetAfter`, two biases: `bias (2, 3u)`, the input's row then the recurrent one. */
  createWeights(b: GraphBuilder, inputSize: number): Value[] {
    return this.createGateWeights(b, inputSize, 3, this.config.resetAfter ? { shape: [2, 3 * this.units] } : {});
  }

  step(b: GraphBuilder, x: Value, states: readonly Value[], weights: readonly Value[]): CellStep {
    const u = this.units;
    const h = states[0]!;
    const [kernel, recurrent, bias] = [weights[0]!, weights[1]!, weights[2]];
    const row = (i: number) => (bias ? b.op1('Gather', [bias, b.constant(tensor([i], [], 'int32'))], { axis: 0 }) : undefined);
    let hh: Value;
    let xz: Value;
    let hz: Value;
    if (this.config.resetAfter) {
      xz = affine(b, x, kernel, row(0));
      const hAll = affine(b, h, recurrent, row(1));
      hz = columns(b, hAll, 0, 2 * u);
      const z = b.op1('Sigmoid', [b.op1('Add', [columns(b, xz, 0, u), columns(b, hz, 0, u)])]);
      const r = b.op1('Sigmoid', [b.op1('Add', [columns(b, xz, u, 2 * u), columns(b, hz, u, 2 * u)])]);
      hh = b.op1('Tanh', [b.op1('Add', [columns(b, xz, 2 * u, 3 * u), b.op1('Mul', [r, columns(b, hAll, 2 * u, 3 * u)])])]);
      return this.blend(b, z, h, hh);
    }
    xz = affine(b, x, kernel, bias);
    hz = b.op1('MatMul', [h, columns(b, recurrent, 0, 2 * u)]);
    const z = b.op1('Sigmoid', [b.op1('Add', [columns(b, xz, 0, u), columns(b, hz, 0, u)])]);
    const r = b.op1('Sigmoid', [b.op1('Add', [columns(b, xz, u, 2 * u), columns(b, hz, u, 2 * u)])]);
    const rh = b.op1('MatMul', [b.op1('Mul', [r, h]), columns(b, recurrent, 2 * u, 3 * u)]);
    hh = b.op1('Tanh', [b.op1('Add', [columns(b, xz, 2 * u, 3 * u), rh])]);
    return this.blend(b, z, h, hh);
  }

  /** h' = z * h + (1 - z) * candidate. */
  private blend(b: GraphBuilder, z: Value, h: Value, candidate: Value): CellStep {
    const keep = b.op1('Mul', [z, h]);
    const update = b.op1('Mul', [b.op1('Sub', [b.scalar(1), z]), candidate]);
    const next = b.op1('Add', [keep, update]);
    return { output: next, states: [next] };
  }
}
