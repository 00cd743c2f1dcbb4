import type { GraphBuilder, Value } from '../../graph/builder.js';
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
export function cellSchema<Own extends object>(own: ConfigSchema<Own>, useBiasDoc = 'add a bias'): ConfigSchema<CellConfig> & ConfigSchema<Own> {
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

/** A cell split around a time loop by `RecurrentCell.forLoop`. */
export interface LoopCell {
  /** The input term of every step, `(B, T, n)`: computed before the loop, scanned by it. */
  projected: Value;
  /** The values every step reads, computed once before the loop (the Scan captures them). */
  captures: Value[];
  /**
   * One step in the loop body: `projected` is this step's slice, `extra` the part of the step's input
   * known only inside the loop, `captures` the body-side values of `captures`, in their order.
   */
  step(b: GraphBuilder, projected: Value, extra: Value | undefined, states: readonly Value[], captures: readonly Value[]): CellStep;
}

/**
 * A recurrent cell: one time step. Built alone it is a graph with inputs `input (B, Din)`, `state_h`
 * (and `state_c`) and the same-named outputs; `RNN` and `AttentionWrapper` run it inside a Scan through
 * `forLoop`, which computes the input projection of every step before the loop.
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

  /**
   * The cell's steps over `x (B, T, Dx)` when a step's input is `[x_t ; extra_t]`, with `extraSize`
   * columns of extra (0: the input is `x_t` alone) and the `weights` that `createWeights(Dx + extraSize)`
   * returned. The built-in cells compute what `step` computes, except that x's product with the kernel
   * and the input bias are computed for every step at once, and weight combinations once per run; this
   * default runs `step` as it is.
   */
  forLoop(_b: GraphBuilder, x: Value, weights: readonly Value[], _extraSize: number): LoopCell {
    return {
      projected: x,
      captures: [...weights],
      step: (b, xt, extra, states, captures) => this.step(b, extra ? b.op1('Concat', [xt, extra], { axis: -1 }) : xt, states, captures),
    };
  }

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

/** x @ kernel + h @ recurrent_kernel (+ bias): the gate pre-activations every cell starts from. */
export function affine(b: GraphBuilder, x: Value, kernel: Value, bias?: Value): Value {
  const y = b.op1('MatMul', [x, kernel]);
  return bias ? b.op1('Add', [y, bias]) : y;
}

/** Columns [start, end) of a (B, n) value. */
export function columns(b: GraphBuilder, x: Value, start: number, end: number): Value {
  return b.op1('Slice', [x], { starts: [start], ends: [end], axes: [-1] });
}

/** Rows [start, end) of a (n, m) weight. */
function rows(b: GraphBuilder, w: Value, start: number, end: number): Value {
  return b.op1('Slice', [w], { starts: [start], ends: [end], axes: [0] });
}

/** A kernel `(Dx + extraSize, n)` as the rows that multiply `x` and those that multiply the extra input. */
export interface SplitKernel {
  x: Value;
  extra: Value | undefined;
}

export function splitKernel(b: GraphBuilder, kernel: Value, extraSize: number): SplitKernel {
  if (extraSize === 0) return { x: kernel, extra: undefined };
  const size = kernel.type.shape[0];
  if (typeof size !== 'number') throw new LayerspecError(b.graphName, `kernel '${kernel.name}' must have a static shape`);
  return { x: rows(b, kernel, 0, size - extraSize), extra: rows(b, kernel, size - extraSize, size) };
}

/** The body-side value of the outer value `v`, captured at the same position of `outer` and `inner`. */
export function bodyValue(body: GraphBuilder, outer: readonly Value[], inner: readonly Value[], v: Value): Value {
  const captured = inner[outer.indexOf(v)];
  if (!captured) throw new LayerspecError(body.graphName, `'${v.name}' is not captured by the loop`);
  return captured;
}

/**
 * The loop of a cell whose step is `finish(x @ kernel + bias + h @ recurrent_kernel)` (SimpleRNN, LSTM):
 * a step multiplies `[extra ; h]` once, by the kernel's extra rows stacked on `recurrent_kernel` before the loop.
 */
export function fusedLoop(
  b: GraphBuilder,
  x: Value,
  weights: readonly Value[],
  extraSize: number,
  finish: (b: GraphBuilder, z: Value, states: readonly Value[]) => CellStep,
): LoopCell {
  const [kernel, recurrent, bias] = [weights[0]!, weights[1]!, weights[2]];
  const split = splitKernel(b, kernel, extraSize);
  const stacked = split.extra ? b.op1('Concat', [split.extra, recurrent], { axis: 0 }) : recurrent;
  return {
    projected: affine(b, x, split.x, bias),
    captures: [stacked],
    step: (body, projected, extra, states, [w]) => {
      const h = states[0]!;
      const multiplied = extra ? body.op1('Concat', [extra, h], { axis: -1 }) : h;
      return finish(body, body.op1('Add', [projected, body.op1('MatMul', [multiplied, w!])]), states);
    },
  };
}
