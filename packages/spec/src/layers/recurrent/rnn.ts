import type { GraphBuilder, Value } from '../../graph/builder.js';
import { buildScan } from '../../graph/scan-builder.js';
import { staticDim } from '../checks.js';
import { fields, type Field } from '../config.js';
import { declareLayer, type InputDecl, type StateName } from '../declaration.js';
import { Layer } from '../layer.js';
import { parseCell, type AnyCell, type CellLike } from './cell-registry.js';
import { checkBatches, checkSequenceMask, initialState, keepWhere } from './sequence-helpers.js';

export interface RNNConfig {
  cell: AnyCell;
  returnSequences: boolean;
  returnState: boolean;
  goBackwards: boolean;
}

const NAME = 'RNN';

export const cellField: Field<AnyCell> = { doc: 'the recurrent cell', required: true, parse: parseCell };

/** The optional initial states of a layer running a cell: one per state of its cell. */
export const INITIAL_STATE_INPUTS: readonly InputDecl[] = (['state_h', 'state_c'] as const).map((s) => ({
  name: `initial_${s}`,
  dtype: 'float32',
  ranks: [2],
  optional: true,
  forState: s,
}));

const DECLARATION = declareLayer<RNNConfig>({
  name: NAME,
  doc: 'runs a cell over (B, T, D) inputs as one Scan',
  config: {
    cell: cellField,
    returnSequences: fields.bool('output every step (else the last)', false),
    returnState: fields.bool('also output the final states', false),
    goBackwards: fields.bool('walk the sequence from the end (outputs in walking order)', false),
  },
  inputs: [
    { name: 'inputs', dtype: 'float32', ranks: [3] },
    ...INITIAL_STATE_INPUTS,
    { name: 'sequence_mask', dtype: 'bool', ranks: [2], optional: true },
  ],
  buildOptions: {},
});

/**
 * Runs a cell over (B, T, D) inputs as one Scan whose body is the cell's step, so T may be symbolic. A
 * step masked out by `sequence_mask` keeps the previous states and repeats the previous output (Keras
 * semantics).
 */
export class RNN extends Layer<RNNConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<Omit<RNNConfig, 'cell'>> & { cell: CellLike }) {
    super(DECLARATION, config);
  }

  protected override hasState(state: StateName): boolean {
    return this.config.cell.stateNames.includes(state);
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const { cell } = this.config;
    const x = inputs['inputs']!;
    const mask = inputs['sequence_mask'];
    checkBatches(NAME, inputs);
    if (mask) checkSequenceMask(NAME, mask, x);
    const weights = cell.createWeights(b, staticDim(NAME, 'inputs', x, 2));
    const states = cell.stateNames.map((s) => ({
      name: s,
      value: initialState(NAME, b, inputs[`initial_${s}`], `initial_${s}`, x, cell.units),
    }));
    // With a mask the output is carried too: a masked first step outputs zeros, as in Keras.
    const carried = mask ? [...states, { name: 'previous_output', value: initialState(NAME, b, undefined, '', x, cell.units) }] : states;
    const result = buildScan(b, {
      states: carried,
      scanInputs: [{ name: 'x', value: x }, ...(mask ? [{ name: 'keep', value: mask }] : [])],
      captures: weights,
      reverse: this.config.goBackwards,
      step: (body, prev, [xt, keep], w) => {
        const next = cell.step(body, xt!, prev.slice(0, states.length), w);
        const kept = next.states.map((s, i) => keepWhere(body, keep, s, prev[i]!));
        const output = keepWhere(body, keep, next.output, mask ? prev[states.length]! : next.output);
        return {
          states: mask ? [...kept, output] : kept,
          outputs: this.config.returnSequences ? [output] : [],
        };
      },
    });
    const finals = result.states.slice(0, states.length);
    const last = mask ? result.states[states.length]! : finals[0]!;
    const out: Record<string, Value> = { output: this.config.returnSequences ? result.outputs[0]! : last };
    if (this.config.returnState) cell.stateNames.forEach((s, i) => (out[s] = finals[i]!));
    return out;
  }
}
