import type { BuiltValue, GraphBuilder, Value } from '../../graph/builder.js';
import { LayerspecError } from '../../errors.js';
import type { InitializerLike } from '../../init/spec.js';
import { expectDim, staticDim } from '../checks.js';
import { fields, type ConfigSchema } from '../config.js';
import type { InputDecl, StateName } from '../declaration.js';
import { Layer } from '../layer.js';

export type { StateName } from '../declaration.js';

/** The config every cell has: its state size, whether it adds a bias, and the initializers of its weights. */
export interface CellConfig {
  units: number;
  useBias: boolean;
  kernelInitializer: InitializerLike;
  recurrentInitializer: InitializerLike;
  biasInitializer: InitializerLike;
}

/**
 * A cell's config schema: `units`, the cell's `own` fields, then `useBias` and the initializers (the order
 * of `toJSON` and of the known keys listed by a config error).
 */
export function cellSchema<Own extends object>(
  own: ConfigSchema<Own>,
  useBiasDoc = 'add a bias',
): ConfigSchema<CellConfig> & ConfigSchema<Own> {
  return {
    units: fields.int('size of the state', { min: 1 }),
    ...own,
    useBias: fields.bool(useBiasDoc, true),
    kernelInitializer: fields.initializer('initializer of kernel', 'glorotUniform'),
    recurrentInitializer: fields.initializer('initializer of recurrent_kernel', 'orthogonal'),
    biasInitializer: fields.initializer('initializer of bias', 'zeros'),
  };
}

/** A cell's inputs: `input (B, Din)`, then its states `(B, units)`. */
export function cellInputs(states: readonly StateName[]): readonly InputDecl[] {
  return [{ name: 'input', dtype: 'float32', ranks: [2] }, ...states.map((name) => ({ name, dtype: 'float32' as const, ranks: [2] }))];
}

/** Where a cell's bias differs from `(gates * units)` initialized by `biasInitializer`. */
export interface GateBiasOptions {
  shape?: number[];
  init?: InitializerLike;
}

export interface CellStep {
  output: Value;
  /** Next states, in the order of `stateNames`. */
  states: Value[];
}

/**
 * A recurrent cell: one time step. Built alone it is a graph with inputs `input (B, Din)`, `state_h`
 * (and `state_c`) and the same-named outputs; `RNN` and `AttentionWrapper` run `step` as the body of
 * a Scan, with the weights captured.
 */
export abstract class RecurrentCell<C extends { units: number }> extends Layer<C> {
  get units(): number {
    return this.config.units;
  }

  abstract get stateNames(): readonly StateName[];

  /** Creates the cell's weights (under the builder's current scope) for inputs of size `inputSize`. */
  abstract createWeights(b: GraphBuilder, inputSize: number): Value[];

  /** One step: `x (B, Din)`, states `(B, units)` each, and the values `createWeights` returned. */
  abstract step(b: GraphBuilder, x: Value, states: readonly Value[], weights: readonly Value[]): CellStep;

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const x = inputs['input']!;
    const states = this.stateNames.map((name) => {
      const s = inputs[name]!;
      expectDim(this.className, name, s, 0, x.type.shape[0]!, "the input's batch size");
      expectDim(this.className, name, s, 1, this.units, 'the cell units');
      return s;
    });
    const weights = this.createWeights(b, staticDim(this.className, 'input', x, 1));
    const next = this.step(b, x, states, weights);
    const out: Record<string, Value> = { output: next.output };
    this.stateNames.forEach((name, i) => (out[name] = next.states[i]!));
    return out;
  }

  /**
   * The weights of a cell with `gates` gates side by side, in this order: `kernel (inputSize, gates * units)`,
   * `recurrent_kernel (units, gates * units)` and, with `useBias`, `bias` (by default `(gates * units)`,
   * initialized by `biasInitializer`).
   */
  protected createGateWeights(
    this: RecurrentCell<CellConfig>,
    b: GraphBuilder,
    inputSize: number,
    gates: number,
    bias: GateBiasOptions = {},
  ): Value[] {
    const width = gates * this.units;
    const c = this.config;
    const weights = [
      b.param('kernel', { dtype: 'float32', shape: [inputSize, width] }, c.kernelInitializer),
      b.param('recurrent_kernel', { dtype: 'float32', shape: [this.units, width] }, c.recurrentInitializer),
    ];
    if (c.useBias) weights.push(b.param('bias', { dtype: 'float32', shape: bias.shape ?? [width] }, bias.init ?? c.biasInitializer));
    return weights;
  }

  protected weight(weights: readonly Value[], i: number): Value {
    const w = weights[i];
    if (!w) throw new LayerspecError(this.className, `weight ${i} is missing`);
    return w;
  }
}

/** x @ kernel (+ bias): the product of a cell's input or state with one of its weight matrices. */
export function affine(b: GraphBuilder, x: Value, kernel: Value, bias?: Value): BuiltValue {
  const y = b.value(x).matMul(kernel);
  return bias ? y.add(bias) : y;
}

/** Columns [start, end) of a (B, n) value. */
export function columns(b: GraphBuilder, x: Value, start: number, end: number): BuiltValue {
  return b.value(x).slice({ starts: [start], ends: [end], axes: [-1] });
}
