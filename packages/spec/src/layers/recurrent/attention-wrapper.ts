import type { GraphBuilder, Value } from '../../graph/builder.js';
import { LayerspecError } from '../../errors.js';
import { buildScan, type ScanStep } from '../../graph/scan-builder.js';
import type { InitializerLike } from '../../init/spec.js';
import { expectDim, staticDim } from '../checks.js';
import { fields } from '../config.js';
import { declareLayer, type StateName } from '../declaration.js';
import { Layer } from '../layer.js';
import { additiveScores, attendMemory, attentionValues, dotScores, mapAttention, type AttentionWeights } from './attention-mechanisms.js';
import type { CellStep } from './cell.js';
import type { AnyCell, CellLike } from './cell-registry.js';
import { INITIAL_STATE_INPUTS, cellField } from './rnn.js';
import { checkBatches, checkSequenceMask, initialState, keepWhere, zeroState } from './sequence-helpers.js';

export interface AttentionWrapperConfig {
  cell: AnyCell;
  mechanism: 'bahdanau' | 'luong';
  /** Size of the additive score's hidden layer (bahdanau, luong 'concat'); default: the cell units. */
  units?: number | undefined;
  score: 'dot' | 'general' | 'concat';
  returnSequences: boolean;
  returnState: boolean;
  returnAttention: boolean;
  kernelInitializer: InitializerLike;
  biasInitializer: InitializerLike;
}

const NAME = 'AttentionWrapper';

const DECLARATION = declareLayer<AttentionWrapperConfig>({
  name: NAME,
  doc: 'a recurrent cell that attends over a memory at every step (Bahdanau or Luong)',
  config: {
    cell: cellField,
    mechanism: fields.oneOf('attention mechanism', ['bahdanau', 'luong'], 'bahdanau'),
    units: fields.optional(fields.int('size of the additive score (default: the cell units)', { min: 1 })),
    score: fields.oneOf("luong score: 'dot', 'general' or 'concat'", ['dot', 'general', 'concat'], 'dot'),
    returnSequences: fields.bool('output every step (else the last)', true),
    returnState: fields.bool('also output the final cell states', false),
    returnAttention: fields.bool('also output the attention weights of every step', false),
    kernelInitializer: fields.initializer('initializer of the attention kernels', 'glorotUniform'),
    biasInitializer: fields.initializer('initializer of the attention bias', 'zeros'),
  },
  inputs: [
    { name: 'inputs', dtype: 'float32', ranks: [3] },
    { name: 'memory', dtype: 'float32', ranks: [3], optional: true },
    { name: 'memory_mask', dtype: 'bool', ranks: [2], optional: true },
    ...INITIAL_STATE_INPUTS,
    { name: 'sequence_mask', dtype: 'bool', ranks: [2], optional: true },
  ],
  buildOptions: {},
});

/** One cell step inside the loop, from the part of its input that joins x_t there. */
type CellStepFn = (extra: Value, states: readonly Value[]) => CellStep;

/** A step's next cell states, its output and its attention weights `(B, L)`. */
interface AttentionStep {
  states: Value[];
  output: Value;
  alpha: Value;
}

/**
 * A recurrent cell that attends over a memory at every step. Bahdanau (Show, Attend and Tell): the
 * score uses the previous state and the context joins the cell's input. Luong with input feeding: the
 * cell reads the previous attentional state, then attends with its new state.
 */
export class AttentionWrapper extends Layer<AttentionWrapperConfig> {
  static readonly className = NAME;
  static readonly declaration = DECLARATION;

  constructor(config: Partial<Omit<AttentionWrapperConfig, 'cell'>> & { cell: CellLike }) {
    super(DECLARATION, config);
  }

  protected override hasState(state: StateName): boolean {
    return this.config.cell.stateNames.includes(state);
  }

  private get additive(): boolean {
    return this.config.mechanism === 'bahdanau' || this.config.score === 'concat';
  }

  protected apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
    const { cell, mechanism } = this.config;
    const u = cell.units;
    const x = inputs['inputs']!;
    const memory = inputs['memory'] ?? x;
    const memoryName = inputs['memory'] ? 'memory' : 'inputs';
    checkBatches(NAME, inputs);
    const dm = staticDim(NAME, memoryName, memory, 2);
    const memoryMask = inputs['memory_mask'];
    if (memoryMask) {
      expectDim(NAME, 'memory_mask', memoryMask, 0, x.type.shape[0]!, "the inputs' batch size");
      expectDim(NAME, 'memory_mask', memoryMask, 1, memory.type.shape[1]!, "the memory's length");
    }
    const sequenceMask = inputs['sequence_mask'];
    if (sequenceMask) checkSequenceMask(NAME, sequenceMask, x);
    if (mechanism === 'luong' && this.config.score === 'dot' && dm !== u) {
      throw new LayerspecError(
        NAME,
        `luong 'dot' scores need the memory size (${dm}) to equal the cell units (${u}); use 'general' or 'concat'`,
      );
    }
    // The cell's input is [x_t ; context_t] (bahdanau) or [x_t ; attentional_{t-1}] (luong).
    const extraSize = mechanism === 'bahdanau' ? dm : u;
    const cellWeights = b.scope('cell', () => cell.createWeights(b, staticDim(NAME, 'inputs', x, 2) + extraSize));
    const attention = b.scope('attention', () => this.createAttentionWeights(b, memory, memoryMask, dm, u));
    const n = cell.stateNames.length;
    const captured = [...cellWeights, ...attentionValues(attention)];
    const result = buildScan(b, {
      states: this.carriedStates(b, inputs, x, memory),
      scanInputs: [{ name: 'x', value: x }, ...(sequenceMask ? [{ name: 'keep', value: sequenceMask }] : [])],
      captures: captured,
      step: (body, prev, [xt, keep], caps) => {
        const inner = (v: Value): Value => caps[captured.indexOf(v)]!;
        const att = mapAttention(attention, inner);
        const weights = cellWeights.map(inner);
        const cellStep: CellStepFn = (extra, states) => cell.step(body, body.value(xt!).concat(extra, { axis: -1 }), states, weights);
        const states = prev.slice(0, n);
        const step =
          mechanism === 'bahdanau' ? this.bahdanauStep(body, cellStep, states, att) : this.luongStep(body, cellStep, states, prev[n]!, att);
        return this.carry(body, step, prev, n, keep);
      },
    });
    return this.collect(result, n, mechanism, !!sequenceMask);
  }

  /** The cell's states (initial or zeros), then Luong's attentional state, then what a sequence mask carries over. */
  private carriedStates(
    b: GraphBuilder,
    inputs: Readonly<Record<string, Value>>,
    x: Value,
    memory: Value,
  ): { name: string; value: Value }[] {
    const { cell } = this.config;
    const u = cell.units;
    const states = cell.stateNames.map((s): { name: string; value: Value } => ({
      name: s,
      value: initialState(NAME, b, inputs[`initial_${s}`], `initial_${s}`, x, u),
    }));
    if (this.config.mechanism === 'luong') states.push({ name: 'attentional', value: zeroState(b, x, u) });
    if (inputs['sequence_mask']) {
      states.push({ name: 'previous_output', value: zeroState(b, x, u) });
      if (this.config.returnAttention) states.push({ name: 'previous_attention', value: this.zeroAttention(b, memory) });
    }
    return states;
  }

  /**
   * A step's carried values and scan outputs. Where `keep` is false, the previous ones carry over: cell
   * states, Luong's attentional state, the output and the attention row.
   */
  private carry(b: GraphBuilder, step: AttentionStep, prev: readonly Value[], n: number, keep: Value | undefined): ScanStep {
    let at = n;
    const next = step.states.map((s, i) => keepWhere(b, keep, s, prev[i]!));
    if (this.config.mechanism === 'luong') next.push(keepWhere(b, keep, step.output, prev[at++]!));
    let output = step.output;
    let alpha: Value | undefined = this.config.returnAttention ? step.alpha : undefined;
    if (keep) {
      output = keepWhere(b, keep, step.output, prev[at++]!);
      next.push(output);
      if (alpha) {
        alpha = keepWhere(b, keep, alpha, prev[at]!);
        next.push(alpha);
      }
    }
    return { states: next, outputs: [...(this.config.returnSequences ? [output] : []), ...(alpha ? [alpha] : [])] };
  }

  private collect(result: { states: Value[]; outputs: Value[] }, n: number, mechanism: string, masked: boolean): Record<string, Value> {
    const { cell } = this.config;
    const luong = mechanism === 'luong';
    const lastOutput = masked ? result.states[n + (luong ? 1 : 0)]! : luong ? result.states[n]! : result.states[0]!;
    const out: Record<string, Value> = { output: this.config.returnSequences ? result.outputs[0]! : lastOutput };
    if (this.config.returnState) cell.stateNames.forEach((s, i) => (out[s] = result.states[i]!));
    if (this.config.returnAttention) out['attention'] = result.outputs[this.config.returnSequences ? 1 : 0]!;
    return out;
  }

  private zeroAttention(b: GraphBuilder, memory: Value): Value {
    const shape = b.op1('Shape', [memory], { start: 0, end: 2 });
    return b.op1('Expand', [b.scalar(0), shape]);
  }

  /** Weights under 'attention/', and the per-memory terms of the score, computed once before the loop. */
  private createAttentionWeights(b: GraphBuilder, memory: Value, memoryMask: Value | undefined, dm: number, u: number): AttentionWeights {
    const init = this.config.kernelInitializer;
    const f32 = (...shape: number[]) => ({ dtype: 'float32' as const, shape });
    let keys: Value = memory;
    let additive: AttentionWeights['additive'];
    if (this.additive) {
      const units = this.config.units ?? u;
      const wm = b.param('memory_kernel', f32(dm, units), init);
      const queryKernel = b.param('query_kernel', f32(u, units), init);
      const bias = b.param('bias', f32(units), this.config.biasInitializer);
      const v = b.param('v', f32(units), init);
      keys = b.value(memory).matMul(wm).add(bias);
      additive = { queryKernel, v };
    } else if (this.config.score === 'general') {
      const wa = b.param('kernel', f32(u, dm), init);
      keys = b.value(memory).matMul(wa.transpose({ perm: [1, 0] }));
    }
    return {
      memory,
      mask: memoryMask,
      keys,
      additive,
      outputKernel: this.config.mechanism === 'luong' ? b.param('output_kernel', f32(dm + u, u), init) : undefined,
    };
  }

  private scores(b: GraphBuilder, query: Value, att: AttentionWeights): Value {
    return att.additive ? additiveScores(b, query, att.keys, att.additive) : dotScores(b, query, att.keys);
  }

  private bahdanauStep(b: GraphBuilder, cellStep: CellStepFn, states: Value[], att: AttentionWeights): AttentionStep {
    const { alpha, context } = attendMemory(b, this.scores(b, states[0]!, att), att);
    const next = cellStep(context, states);
    return { states: next.states, output: next.output, alpha };
  }

  private luongStep(b: GraphBuilder, cellStep: CellStepFn, states: Value[], attentional: Value, att: AttentionWeights): AttentionStep {
    const next = cellStep(attentional, states);
    const h = next.output;
    const { alpha, context } = attendMemory(b, this.scores(b, h, att), att);
    const output = b.value(context).concat(h, { axis: -1 }).matMul(att.outputKernel!).tanh();
    return { states: next.states, output, alpha };
  }
}
