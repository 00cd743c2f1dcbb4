/**
 * Incremental decoding on every backend: a step graph built with `cache: true`, run one token at a time
 * by `decode` from empty caches (P = 0), gives every row of the full causal run.
 */
import { describe, expect, it } from 'vitest';
import {
  MultiHeadAttention,
  Random,
  ScaledDotProductAttention,
  TransformerDecoder,
  decode,
  emptyCaches,
  initWeights,
  type Graph,
  type HostTensor,
} from '@layerspec/spec';
import { expectClose } from './compare.js';
import { f32 } from './tensors.js';
import { TARGETS } from './targets.js';

function randn(shape: number[], seed: number): HostTensor {
  const rng = new Random(seed);
  const data = new Float32Array(shape.reduce((a, c) => a * c, 1));
  for (let i = 0; i < data.length; i++) data[i] = rng.normal();
  return { dtype: 'float32', shape, data };
}

/** Rows [start, end) of axis -2. */
function rows(t: HostTensor, start: number, end: number): HostTensor {
  const r = t.shape.length;
  const n = t.shape[r - 2]!;
  const inner = t.shape[r - 1]!;
  const outer = t.data.length / (n * inner);
  const data = new Float32Array(outer * (end - start) * inner);
  for (let o = 0; o < outer; o++) data.set(t.data.subarray((o * n + start) * inner, (o * n + end) * inner), o * (end - start) * inner);
  return { dtype: 'float32', shape: [...t.shape.slice(0, -2), end - start, inner], data };
}

const T = 5;

async function stepByStep(
  target: (typeof TARGETS)[number],
  graph: Graph,
  weights: Record<string, HostTensor>,
  seqInputs: Record<string, HostTensor>,
  dims: Record<string, number> = {},
) {
  const compiled = await target.backend.compile(graph, target.options);
  const at = (t: number) => Object.fromEntries(Object.entries(seqInputs).map(([k, v]) => [k, rows(v, t, t + 1)]));
  try {
    return await decode(compiled, graph, weights, {
      first: at(0),
      steps: T,
      next: (_, step) => at(step + 1),
      caches: emptyCaches(graph, dims),
    });
  } finally {
    compiled.dispose();
  }
}

async function fullRun(
  target: (typeof TARGETS)[number],
  graph: Graph,
  weights: Record<string, HostTensor>,
  inputs: Record<string, HostTensor>,
) {
  const compiled = await target.backend.compile(graph, target.options);
  try {
    return await compiled.run(inputs, weights);
  } finally {
    compiled.dispose();
  }
}

describe.each(TARGETS)('$label', (target) => {
  it('ScaledDotProductAttention with grouped heads: cached steps from P = 0 give every row of the causal run', async () => {
    const layer = new ScaledDotProductAttention({ causal: true, softcap: 5 });
    const q = randn([2, 4, T, 3], 1);
    const k = randn([2, 2, T, 3], 2);
    const v = randn([2, 2, T, 3], 3);
    const full = await fullRun(
      target,
      layer.build({ query: f32(2, 4, T, 3), key: f32(2, 2, T, 3), value: f32(2, 2, T, 3) }),
      {},
      { query: q, key: k, value: v },
    );
    const step = layer.build(
      {
        query: f32(2, 4, 't', 3),
        key: f32(2, 2, 't', 3),
        value: f32(2, 2, 't', 3),
        past_key: f32(2, 2, 'p', 3),
        past_value: f32(2, 2, 'p', 3),
      },
      { cache: true },
    );
    const steps = await stepByStep(target, step, {}, { query: q, key: k, value: v });
    steps.forEach((s, t) => expectClose(`step ${t}`, s['output'], rows(full['output']!, t, t + 1), target.rtol));
    expectClose('present_key after the last step', steps[T - 1]!['present_key'], k, target.rtol);
  });

  it('MultiHeadAttention: cached causal self-attention steps give every row of the full run', async () => {
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 2, biasInitializer: 'glorotUniform' });
    const x = randn([2, T, 6], 4);
    const uncached = layer.build({ query: f32(2, T, 6), value: f32(2, T, 6) }, { useCausalMask: true });
    const weights = initWeights(uncached, { seed: 7 });
    const full = await fullRun(target, uncached, weights, { query: x, value: x });
    const step = layer.build(
      { query: f32('b', 't', 6), value: f32('b', 't', 6), past_key: f32('b', 2, 'p', 3), past_value: f32('b', 2, 'p', 2) },
      { useCausalMask: true, cache: true },
    );
    const steps = await stepByStep(target, step, weights, { query: x, value: x }, { b: 2 });
    steps.forEach((s, t) => expectClose(`step ${t}`, s['output'], rows(full['output']!, t, t + 1), target.rtol));
    expect(steps[T - 1]!['present_value']!.shape).toEqual([2, 2, T, 2]);
  });

  it('TransformerDecoder: cached steps (self-attention caches, the encoder sequence each step) give every row of the full run', async () => {
    const layer = new TransformerDecoder({ intermediateDim: 8, numHeads: 2, biasInitializer: 'glorotUniform' });
    const x = randn([2, T, 6], 9);
    const memory = randn([2, 4, 5], 10);
    const mask: HostTensor = { dtype: 'bool', shape: [2, 4], data: Uint8Array.from([1, 1, 1, 0, 1, 1, 0, 0]) };
    const uncached = layer.build({
      input: f32(2, T, 6),
      encoder_sequence: f32(2, 4, 5),
      encoder_padding_mask: { dtype: 'bool', shape: [2, 4] },
    });
    const weights = initWeights(uncached, { seed: 9 });
    const full = await fullRun(target, uncached, weights, { input: x, encoder_sequence: memory, encoder_padding_mask: mask });
    const step = layer.build(
      {
        input: f32('b', 't', 6),
        encoder_sequence: f32('b', 4, 5),
        encoder_padding_mask: { dtype: 'bool', shape: ['b', 4] },
        past_key: f32('b', 2, 'p', 3),
        past_value: f32('b', 2, 'p', 3),
      },
      { cache: true },
    );
    const compiled = await target.backend.compile(step, target.options);
    try {
      const at = (t: number) => ({ input: rows(x, t, t + 1), encoder_sequence: memory, encoder_padding_mask: mask });
      // `next` ends the decoding one step early by returning undefined.
      const steps = await decode(compiled, step, weights, {
        first: at(0),
        steps: T,
        next: (_, i) => (i + 2 < T ? at(i + 1) : undefined),
        caches: emptyCaches(step, { b: 2 }),
      });
      expect(steps).toHaveLength(T - 1);
      steps.forEach((s, t) => expectClose(`step ${t}`, s['output'], rows(full['output']!, t, t + 1), target.rtol));
      expect(steps[T - 2]!['present_key']!.shape).toEqual([2, 2, T - 1, 3]);
    } finally {
      compiled.dispose();
    }
  });

  it('MultiHeadAttention: cross-attention over keys/values projected once (cache from a zero-length value)', async () => {
    const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 3, biasInitializer: 'glorotUniform' });
    const x = randn([2, T, 6], 5);
    const memory = randn([2, 4, 6], 6);
    const uncached = layer.build({ query: f32(2, T, 6), value: f32(2, 4, 6) });
    const weights = initWeights(uncached, { seed: 8 });
    const full = await fullRun(target, uncached, weights, { query: x, value: memory });
    const cached = layer.build(
      { query: f32(2, 't', 6), value: f32(2, 's', 6), past_key: f32(2, 2, 'p', 3), past_value: f32(2, 2, 'p', 3) },
      { cache: true },
    );
    const projected = await fullRun(target, cached, weights, { query: rows(x, 0, 1), value: memory, ...emptyCaches(cached) });
    const compiled = await target.backend.compile(cached, target.options);
    try {
      for (let t = 0; t < T; t++) {
        const out = await compiled.run(
          {
            query: rows(x, t, t + 1),
            value: rows(memory, 0, 0),
            past_key: projected['present_key']!,
            past_value: projected['present_value']!,
          },
          weights,
        );
        expectClose(`step ${t}`, out['output'], rows(full['output']!, t, t + 1), target.rtol);
      }
    } finally {
      compiled.dispose();
    }
  });
});
