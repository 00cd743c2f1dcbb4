import type { GraphBuilder, Value } from '../../graph/builder.js';
import { tensor } from '../../tensor.js';
import { fields } from '../config.js';
import { declareLayer } from '../declaration.js';
import { RecurrentCell, affine, cellInputs, cellSchema, columns, type CellConfig, type CellStep, type StateName } from './cell.js';

export interface GRUCellConfig extends CellConfig {
  resetAfter: boolean;
}

const NAME = 'GRUCell';

const DECLARATION = declareLayer<GRUCellConfig>({
  name: NAME,
  doc: "Keras's GRU cell: gates z, r, h",
  config: cellSchema({ resetAfter: fields.bool('apply the reset gate after the recurrent product', true) }, 'add biases'),
  inputs: cellInputs(['state_h']),
  buildOptions: {},
});

/**
 * Keras's GRU: gates z, r, h in that order. `resetAfter` (the Keras default, ONNX linear_before_reset=1)
 * applies the reset gate after the recurrent product and has two biases, `bias (2, 3u)`.
 */
export class GRUCell extends RecurrentCell<GRUCellConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<GRUCellConfig> & Pick<GRUCellConfig, 'units'>) {
    super(DECLARATION, config);
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
    if (this.config.resetAfter) {
      const xz = affine(b, x, kernel, this.biasRow(b, bias, 0));
      return this.resetAfter(b, xz, affine(b, h, recurrent, this.biasRow(b, bias, 1)), h);
    }
    return this.resetBefore(b, affine(b, x, kernel, bias), h, columns(b, recurrent, 0, 2 * u), columns(b, recurrent, 2 * u, 3 * u));
  }

  /** Row `i` of the `(2, 3u)` bias of `resetAfter`. */
  private biasRow(b: GraphBuilder, bias: Value | undefined, i: number): Value | undefined {
    return bias ? b.value(bias).gather(b.constant(tensor([i], [], 'int32')), { axis: 0 }) : undefined;
  }

  /** `resetAfter` from `xz = x @ K + b[0]` and `hAll = h @ R + b[1]`: `h~ = tanh(xh + r * hh)`. */
  private resetAfter(b: GraphBuilder, xz: Value, hAll: Value, h: Value): CellStep {
    const u = this.units;
    const [z, r] = this.gates(b, xz, hAll);
    const hh = columns(b, xz, 2 * u, 3 * u)
      .add(r.mul(columns(b, hAll, 2 * u, 3 * u)))
      .tanh();
    return this.blend(b, z, h, hh);
  }

  /**
   * Without `resetAfter`, from `xz = x @ K + b` and the recurrent kernel's columns for z, r (`gates`)
   * and for the candidate: `h~ = tanh(xh + (r * h) @ R_h)`.
   */
  private resetBefore(b: GraphBuilder, xz: Value, h: Value, gates: Value, candidate: Value): CellStep {
    const u = this.units;
    const [z, r] = this.gates(b, xz, b.value(h).matMul(gates));
    const hh = columns(b, xz, 2 * u, 3 * u)
      .add(r.mul(h).matMul(candidate))
      .tanh();
    return this.blend(b, z, h, hh);
  }

  /** The update and reset gates, `z = sigmoid(xz_z + hz_z)` and `r = sigmoid(xz_r + hz_r)`: the first 2u columns of both products. */
  private gates(b: GraphBuilder, xz: Value, hz: Value) {
    const u = this.units;
    const gate = (i: number) =>
      columns(b, xz, i * u, (i + 1) * u)
        .add(columns(b, hz, i * u, (i + 1) * u))
        .sigmoid();
    return [gate(0), gate(1)] as const;
  }

  /** h' = z * h + (1 - z) * candidate. */
  private blend(b: GraphBuilder, z: Value, h: Value, candidate: Value): CellStep {
    const next = b.value(z).mul(h).add(b.scalar(1).sub(z).mul(candidate));
    return { output: next, states: [next] };
  }
}
