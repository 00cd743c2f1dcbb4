import type { GraphBuilder, Value } from '../../graph/builder.js';
import { LayerspecError } from '../../errors.js';
import { buildScan } from '../../graph/scan-builder.js';
import type { InitializerLike } from '../../init/spec.js';
import { expectDim, staticDim } from '../checks.js';
import { fields } from '../config.js';
import { Layer, type InputDecl } from '../layer.js';
import { additiveScores, attendMemory, dotScores, type AttentionWeights } from './attention-mechanisms.js';
import type { AnyCell, CellLike } from './cell-registry.js';
import { cellField } from './rnn.js';
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

interface AttentionParams {
  queryKernel?: Value;
  bias?: Value;
  v?: Value;
  outputKernel?: Value;
}

/**
 * A recurrent cell that attends over a memory at every step. Bahdanau (Show, Attend and Tell): the
 * score uses the previous state and the context joins the cell's input. Luong with input feeding: the
 * cell reads the previous attentional state, then attends with its new state.
 */
export class AttentionWrapper extends Layer<AttentionWrapperConfig> {
  static readonly className = NAME;

  constructor(config: Partial<Omit<AttentionWrapperConfig, 'cell'>> & { cell: CellLike }) {
    super(NAME, {
      cell: cellField,
      mechanism: fields.oneOf('attention mechanism', ['bahdanau', 'luong'], 'bahdanau'),
      units: fields.optional(fields.int('size of the additive score (default: the cell units)', { min: 1 })),
      score: fields.oneOf("luong score: 'dot', 'general' or 'concat'", ['dot', 'general', 'concat'], 'dot'),
      returnSequences: fields.bool('output every step (else the last)', true),
      returnState: fields.bool('also output the final cell states', false),
      returnAttention: fields.bool('also output the attention weights of every step', false),
      kernelInitializer: fields.initializer('initializer of the attention kernels', 'glorotUniform'),
      biasInitializer: fields.initializer('initializer of the attention bias', 'zeros'),
    }, config);
  }

  inputs(): readonly InputDecl[] {
    return [
      { name: 'inputs', dtype: 'float32', ranks: [3] },
      { name: 'memory', dtype: 'float32', ranks: [3], optional: true },
      { name: 'memory_mask', dtype: 'bool', ranks: [2], optional: true },
      ...this.config.cell.stateNames.map((s) => ({ name: `initial_${s}`, dtype: 'float32' as const, ranks: [2], optional: true })),
      { name: 'sequence_mask', dtype: 'bool', ranks: [2], optional: true },
    ];
  }

  private get additive(): boolean {
    return this.config.mechanism === 'bahdanau' || this.config.score === 'concat';
  }

  apply(b: GraphBuilder, inputs: Readonly<Record<string, Value>>): Record<string, Value> {
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
      throw new LayerspecError(NAME, `luong 'dot' scores need the memory size (${dm}) to equal the cell units (${u}); use 'general' or 'concat'`);
    }
    const din = staticDim(NAME, 'inputs', x, 2);
    const cellWeights = b.scope('cell', () => cell.createWeights(b, din + (mechanism === 'bahdanau' ? dm : u)));
    const attention = b.scope('attention', () => this.createAttentionWeights(b, memory, dm, u));

    const cellStates = cell.stateNames.map((s) => ({
      name: s,
      value: initialState(NAME, b, inputs[`initial_${s}`], `initial_${s}`, x, u),
    }));
    const extra: { name: string; value: Value }[] = [];
    if (mechanism === 'luong') extra.push({ name: 'attentional', value: zeroState(b, x, u) });
    if (sequenceMask) {
      extra.push({ name: 'previous_output', value: zeroState(b, x, u) });
      if (this.config.returnAttention) extra.push({ name: 'previous_attention', value: this.zeroAttention(b, memory) });
    }
    const n = cellStates.length;
    // Captured once per distinct value (with 'dot' scores the keys are the memory itself).
    const outer = [...cellWeights, memory, attention.keys, ...(memoryMask ? [memoryMask] : []), ...Object.values(attention.named)];
    const captured = outer.filter((v, i) => outer.findIndex((o) => o.name === v.name) === i);
    const result = buildScan(b, {
      states: [...cellStates, ...extra],
      scanInputs: [{ name: 'x', value: x }, ...(sequenceMask ? [{ name: 'keep', value: sequenceMask }] : [])],
      captures: captured,
      step: (body, prev, [xt, keep], caps) => {
        const inner = (v: Value): Value => caps[captured.findIndex((c) => c.name === v.name)]!;
        const named = attention.named;
        const w = cellWeights.map(inner);
        const mem = inner(memory);
        const mask = memoryMask ? inner(memoryMask) : undefined;
        const att: AttentionWeights = {
          keys: inner(attention.keys),
          ...(named.queryKernel ? { queryKernel: inner(named.queryKernel) } : {}),
          ...(named.bias ? { bias: inner(named.bias) } : {}),
          ...(named.v ? { v: inner(named.v) } : {}),
        };
        const step = mechanism === 'bahdanau'
          ? this.bahdanauStep(body, xt!, prev.slice(0, n), w, mem, att, mask)
          : this.luongStep(body, xt!, prev.slice(0, n), prev[n]!, w, mem, att, inner(named.outputKernel!), mask);
        let at = n;
        const next = step.states.map((s, i) => keepWhere(body, keep, s, prev[i]!));
        if (mechanism === 'luong') next.push(keepWhere(body, keep, step.output, prev[at++]!));
        let output = step.output;
        let alpha = step.alpha;
        if (sequenceMask) {
          output = keepWhere(body, keep, step.output, prev[at]!);
          next.push(output);
          at++;
          if (this.config.returnAttention) {
            alpha = keepWhere(body, keep, step.alpha, prev[at]!);
            next.push(alpha);
          }
        }
        const outputs = [...(this.config.returnSequences ? [output] : []), ...(this.config.returnAttention ? [alpha] : [])];
        return { states: next, outputs };
      },
    });
    return this.collect(result, n, mechanism, !!sequenceMask);
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

  /** Weights under 'attention/', and the per-memory keys computed once, outside the loop. */
  private createAttentionWeights(b: GraphBuilder, memory: Value, dm: number, u: number): { keys: Value; named: AttentionParams } {
    const units = this.config.units ?? u;
    const init = this.config.kernelInitializer;
    const f32 = (...shape: number[]) => ({ dtype: 'float32' as const, shape });
    const named: AttentionParams = {};
    let keys = memory;
    if (this.additive) {
      const wm = b.param('memory_kernel', f32(dm, units), init);
      named.queryKernel = b.param('query_kernel', f32(u, units), init);
      named.bias = b.param('bias', f32(units), this.config.biasInitializer);
      named.v = b.param('v', f32(units), init);
      keys = b.op1('MatMul', [memory, wm]);
    } else if (this.config.score === 'general') {
      const wa = b.param('kernel', f32(u, dm), init);
      keys = b.op1('MatMul', [memory, b.op1('Transpose', [wa], { perm: [1, 0] })]);
    }
    if (this.config.mechanism === 'luong') named.outputKernel = b.param('output_kernel', f32(dm + u, u), init);
    return { keys, named };
  }

  private bahdanauStep(
    b: GraphBuilder, x: Value, states: Value[], w: Value[], memory: Value, att: AttentionWeights, mask: Value | undefined,
  ): { states: Value[]; output: Value; alpha: Value } {
    const { alpha, context } = attendMemory(b, additiveScores(b, states[0]!, att), memory, mask);
    const next = this.config.cell.step(b, b.op1('Concat', [x, context], { axis: -1 }), states, w);
    return { states: next.states, output: next.output, alpha };
  }

  private luongStep(
    b: GraphBuilder, x: Value, states: Value[], attentional: Value, w: Value[], memory: Value,
    att: AttentionWeights, outputKernel: Value, mask: Value | undefined,
  ): { states: Value[]; output: Value; alpha: Value } {
    const next = this.config.cell.step(b, b.op1('Concat', [x, attentional], { axis: -1 }), states, w);
    const h = next.output;
    const scores = this.additive ? additiveScores(b, h, att) : dotScores(b, h, att.keys);
    const { alpha, context } = attendMemory(b, scores, memory, mask);
    const output = b.op1('Tanh', [b.op1('MatMul', [b.op1('Concat', [context, h], { axis: -1 }), outputKernel])]);
    return { states: next.states, output, alpha };
  }
}
