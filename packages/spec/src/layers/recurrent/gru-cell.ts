import type { GraphBuilder, Value } from '../../graph/builder.js';
import { tensor } from '../../tensor.js';
import { fields } from '../config.js';
import { declareLayer } from '../declaration.js';
import {
  RecurrentCell, affine, cellInputs, bodyValue, cellSchema, columns, splitKernel, type CellConfig, type CellStep, type LoopCell, type SplitKernel, type StateName,
} from './cell.js';

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

/** The input's projection inside the loop: the projected slice plus `extra @` the kernel's extra rows. */
function addExtra(b: GraphBuilder, projected: Value, extra: Value | undefined, kernelExtra: Value | undefined): Value {
  return extra && kernelExtra ? b.op1('Add', [projected, b.op1('MatMul', [extra, kernelExtra])]) : projected;
}

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

  /**
   * Before the loop: x's product with the kernel plus the input bias, and (without `resetAfter`) the
   * recurrent kernel's columns split. A step adds `extra @` the kernel's extra rows to the projected input.
   */
  override forLoop(b: GraphBuilder, x: Value, weights: readonly Value[], extraSize: number): LoopCell {
    const split = splitKernel(b, weights[0]!, extraSize);
    return this.config.resetAfter ? this.loopResetAfter(b, x, weights, split) : this.loopResetBefore(b, x, weights, split);
  }

  private loopResetAfter(b: GraphBuilder, x: Value, weights: readonly Value[], kernel: SplitKernel): LoopCell {
    const [recurrent, bias] = [weights[1]!, weights[2]];
    const recurrentBias = this.biasRow(b, bias, 1);
    const captures = [recurrent, ...(recurrentBias ? [recurrentBias] : []), ...(kernel.extra ? [kernel.extra] : [])];
    return {
      projected: affine(b, x, kernel.x, this.biasRow(b, bias, 0)),
      captures,
      step: (body, projected, extra, states, caps) => {
        const inner = (v: Value | undefined) => v && bodyValue(body, captures, caps, v);
        const h = states[0]!;
        const hAll = affine(body, h, inner(recurrent)!, inner(recurrentBias));
        return this.resetAfter(body, addExtra(body, projected, extra, inner(kernel.extra)), hAll, h);
      },
    };
  }

  private loopResetBefore(b: GraphBuilder, x: Value, weights: readonly Value[], kernel: SplitKernel): LoopCell {
    const u = this.units;
    const recurrent = weights[1]!;
    const gates = columns(b, recurrent, 0, 2 * u);
    const candidate = columns(b, recurrent, 2 * u, 3 * u);
    const captures = [gates, candidate, ...(kernel.extra ? [kernel.extra] : [])];
    return {
      projected: affine(b, x, kernel.x, weights[2]),
      captures,
      step: (body, projected, extra, states, caps) => {
        const inner = (v: Value | undefined) => v && bodyValue(body, captures, caps, v);
        const xz = addExtra(body, projected, extra, inner(kernel.extra));
        return this.resetBefore(body, xz, states[0]!, inner(gates)!, inner(candidate)!);
      },
    };
  }

  /** Row `i` of the `(2, 3u)` bias of `resetAfter`. */
  private biasRow(b: GraphBuilder, bias: Value | undefined, i: number): Value | undefined {
    return bias ? b.op1('Gather', [bias, b.constant(tensor([i], [], 'int32'))], { axis: 0 }) : undefined;
  }

  /** `resetAfter` from `xz = x @ K + b[0]` and `hAll = h @ R + b[1]`: `h~ = tanh(xh + r * hh)`. */
  private resetAfter(b: GraphBuilder, xz: Value, hAll: Value, h: Value): CellStep {
    const u = this.units;
    const z = b.op1('Sigmoid', [b.op1('Add', [columns(b, xz, 0, u), columns(b, hAll, 0, u)])]);
    const r = b.op1('Sigmoid', [b.op1('Add', [columns(b, xz, u, 2 * u), columns(b, hAll, u, 2 * u)])]);
    const hh = b.op1('Tanh', [b.op1('Add', [columns(b, xz, 2 * u, 3 * u), b.op1('Mul', [r, columns(b, hAll, 2 * u, 3 * u)])])]);
    return this.blend(b, z, h, hh);
  }

  /**
   * Without `resetAfter`, from `xz = x @ K + b` and the recurrent kernel's columns for z, r (`gates`)
   * and for the candidate: `h~ = tanh(xh + (r * h) @ R_h)`.
   */
  private resetBefore(b: GraphBuilder, xz: Value, h: Value, gates: Value, candidate: Value): CellStep {
    const u = this.units;
    const hz = b.op1('MatMul', [h, gates]);
    const z = b.op1('Sigmoid', [b.op1('Add', [columns(b, xz, 0, u), columns(b, hz, 0, u)])]);
    const r = b.op1('Sigmoid', [b.op1('Add', [columns(b, xz, u, 2 * u), columns(b, hz, u, 2 * u)])]);
    const rh = b.op1('MatMul', [b.op1('Mul', [r, h]), candidate]);
    const hh = b.op1('Tanh', [b.op1('Add', [columns(b, xz, 2 * u, 3 * u), rh])]);
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
