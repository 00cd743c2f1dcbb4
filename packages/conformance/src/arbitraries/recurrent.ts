/** Arbitraries for the three cells (one step), RNN and AttentionWrapper. */
import fc from 'fast-check';
import type { LayerCase } from '../types.js';
import { CaseBuilder, defined, maskKindArb, seedArb } from './common.js';

type CellName = 'SimpleRNNCell' | 'LSTMCell' | 'GRUCell';

const cellArb = fc.record({
  className: fc.constantFrom<CellName>('SimpleRNNCell', 'LSTMCell', 'GRUCell'),
  units: fc.integer({ min: 1, max: 5 }),
  useBias: fc.boolean(),
  activation: fc.constantFrom('tanh', 'relu', 'sigmoid', 'linear'),
  unitForgetBias: fc.boolean(),
  resetAfter: fc.boolean(),
});
type CellRecipe = typeof cellArb extends fc.Arbitrary<infer T> ? T : never;

function cellConfig(r: CellRecipe): Record<string, unknown> {
  return defined({
    units: r.units,
    useBias: r.useBias ? undefined : false,
    activation: r.className === 'SimpleRNNCell' && r.activation !== 'tanh' ? r.activation : undefined,
    unitForgetBias: r.className === 'LSTMCell' && !r.unitForgetBias ? false : undefined,
    resetAfter: r.className === 'GRUCell' && !r.resetAfter ? false : undefined,
  });
}

function cellCaseArb(className: CellName): fc.Arbitrary<LayerCase> {
  return fc
    .record({
      cell: cellArb.map((c) => ({ ...c, className })),
      batch: fc.integer({ min: 1, max: 3 }),
      din: fc.integer({ min: 1, max: 5 }),
      magnitude: fc.constantFrom(1, 10),
      dataSeed: seedArb,
      weightSeed: seedArb,
    })
    .map((r): LayerCase => {
      const c = new CaseBuilder(r.dataSeed);
      c.float('input', [r.batch, r.din], r.magnitude);
      c.float('state_h', [r.batch, r.cell.units]);
      if (className === 'LSTMCell') c.float('state_c', [r.batch, r.cell.units]);
      return c.finish(className, cellConfig(r.cell), {}, r.weightSeed, r);
    });
}

export const simpleRNNCellArb = cellCaseArb('SimpleRNNCell');
export const lstmCellArb = cellCaseArb('LSTMCell');
export const gruCellArb = cellCaseArb('GRUCell');

const sequenceCommon = {
  cell: cellArb,
  batch: fc.integer({ min: 1, max: 3 }),
  time: fc.integer({ min: 1, max: 5 }),
  din: fc.integer({ min: 1, max: 4 }),
  returnSequences: fc.boolean(),
  returnState: fc.boolean(),
  initialState: fc.boolean(),
  sequenceMask: maskKindArb,
  dataSeed: seedArb,
  weightSeed: seedArb,
};

function addStates(c: CaseBuilder, cell: CellRecipe, batch: number): void {
  c.float('initial_state_h', [batch, cell.units]);
  if (cell.className === 'LSTMCell') c.float('initial_state_c', [batch, cell.units]);
}

export const rnnArb: fc.Arbitrary<LayerCase> = fc.record({ ...sequenceCommon, goBackwards: fc.boolean() }).map((r): LayerCase => {
  const c = new CaseBuilder(r.dataSeed);
  c.float('inputs', [r.batch, r.time, r.din]);
  if (r.initialState) addStates(c, r.cell, r.batch);
  // 'row' empties the first time step of every sequence, 'batch' the whole first sequence
  c.mask('sequence_mask', [r.batch, r.time], r.sequenceMask, 1, 0);
  const config = defined({
    cell: { className: r.cell.className, config: cellConfig(r.cell) },
    returnSequences: r.returnSequences || undefined,
    returnState: r.returnState || undefined,
    goBackwards: r.goBackwards || undefined,
  });
  return c.finish('RNN', config, {}, r.weightSeed, r);
});

export const attentionWrapperArb: fc.Arbitrary<LayerCase> = fc
  .record({
    ...sequenceCommon,
    mechanism: fc.constantFrom('bahdanau', 'luong'),
    score: fc.constantFrom('dot', 'general', 'concat'),
    units: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    memory: fc.option(fc.record({ length: fc.integer({ min: 1, max: 5 }), dm: fc.integer({ min: 1, max: 4 }) }), { nil: undefined }),
    memoryMask: maskKindArb,
    returnAttention: fc.boolean(),
  })
  .map((r): LayerCase => {
    const c = new CaseBuilder(r.dataSeed);
    const luongDot = r.mechanism === 'luong' && r.score === 'dot';
    // Luong 'dot' scores h_t against memory_l, so it needs Dm == cell units.
    const din = luongDot && r.memory === undefined ? r.cell.units : r.din;
    c.float('inputs', [r.batch, r.time, din]);
    const memoryLength = r.memory ? r.memory.length : r.time;
    if (r.memory) c.float('memory', [r.batch, r.memory.length, luongDot ? r.cell.units : r.memory.dm]);
    c.mask('memory_mask', [r.batch, memoryLength], r.memoryMask === 'row' ? 'random' : r.memoryMask, undefined, 0);
    if (r.initialState) addStates(c, r.cell, r.batch);
    c.mask('sequence_mask', [r.batch, r.time], r.sequenceMask, 1, 0);
    const config = defined({
      cell: { className: r.cell.className, config: cellConfig(r.cell) },
      mechanism: r.mechanism === 'bahdanau' ? undefined : r.mechanism,
      score: r.mechanism === 'luong' && r.score !== 'dot' ? r.score : undefined,
      units: r.units,
      returnSequences: r.returnSequences ? undefined : false,
      returnState: r.returnState || undefined,
      returnAttention: r.returnAttention || undefined,
    });
    return c.finish('AttentionWrapper', config, {}, r.weightSeed, r);
  });
