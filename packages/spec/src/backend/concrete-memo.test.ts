import { describe, expect, it } from 'vitest';
import { MultiHeadAttention } from '../layers/multi-head-attention.js';
import { ScaledDotProductAttention } from '../layers/scaled-dot-product-attention.js';
import { scheduleGraph } from '../graph/schedule.js';
import type { Graph } from '../graph/types.js';
import { concreteTypes, type Binding, type ConcreteTypes } from './concrete.js';
import { InferenceMemo } from './concrete-memo.js';

function outcome(graph: Graph, bound: Binding, memo?: InferenceMemo): string {
  let types: ConcreteTypes;
  try {
    types = concreteTypes(graph, bound, scheduleGraph(graph).types, memo);
  } catch (e) {
    return `error: ${e instanceof Error ? e.message : String(e)}`;
  }
  return JSON.stringify([...types].map(([name, t]) => [name, t.dtype, t.shape, t.value ?? null]));
}

const binding = (sizes: Record<string, number>): Binding => new Map(Object.entries(sizes).map(([k, size]) => [k, { size, by: `'${k}'` }]));

describe('InferenceMemo', () => {
  it('gives, for every binding in turn, what inference without it gives (types, or the same error)', () => {
    const g = new ScaledDotProductAttention({}).build({
      query: { dtype: 'float32', shape: ['b', 'tq', 8] },
      key: { dtype: 'float32', shape: ['b2', 'tk', 8] },
      value: { dtype: 'float32', shape: ['b2', 'tk', 8] },
    });
    const memo = new InferenceMemo();
    let errors = 0;
    // Every binding of sizes 1..3, so each one follows one that agrees on some symbols and not on others.
    for (let i = 0; i < 81; i++) {
      const [b, b2, tq, tk] = [i % 3, Math.floor(i / 3) % 3, Math.floor(i / 9) % 3, Math.floor(i / 27) % 3].map((n) => n + 1);
      const bound = binding({ b: b!, b2: b2!, tq: tq!, tk: tk! });
      const fresh = outcome(g, bound);
      if (fresh.startsWith('error')) errors++;
      expect(outcome(g, bound, memo)).toBe(fresh);
    }
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(81);
  });

  it('follows a growing cache: each step re-infers from the new length and agrees with inference without it', () => {
    const g = new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).build(
      {
        query: { dtype: 'float32', shape: ['b', 't', 6] },
        value: { dtype: 'float32', shape: ['b', 't', 6] },
        past_key: { dtype: 'float32', shape: ['b', 2, 'p', 4] },
        past_value: { dtype: 'float32', shape: ['b', 2, 'p', 4] },
      },
      { useCausalMask: true, cache: true },
    );
    const memo = new InferenceMemo();
    for (let p = 0; p < 6; p++) {
      for (const sizes of [
        { b: 2, t: 1, p },
        { b: 2, t: 3, p },
        { b: 1, t: 1, p },
      ]) {
        expect(outcome(g, binding(sizes), memo)).toBe(outcome(g, binding(sizes)));
      }
    }
  });
});
