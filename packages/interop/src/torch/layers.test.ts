/**
 * nn.Linear, nn.Embedding and nn.TransformerEncoderLayer: torch's outputs reproduced on every backend
 * from the raw state_dict files (fixtures/make_fixtures.py), the inverse mapping, and the errors.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Dense, Embedding, LayerspecError, TransformerEncoder, type Graph, type HostTensor, type Layer } from '@layerspec/spec';
import { BACKENDS, TOLERANCE, boolTensor, fixture, maxScaledDiff, runOn } from '../testing/fixtures.js';
import { fromTorch, toTorch } from './table.js';
import { transformerEncoderFromTorch } from './transformer-config.js';

interface Case {
  name: string;
  layer: Layer<object, object>;
  graph: Graph;
  inputs: Record<string, HostTensor>;
  /** layerspec output -> torch output in the .io file. */
  expected: Record<string, string>;
}

const f32 = (shape: (number | string)[]) => ({ dtype: 'float32' as const, shape });

function denseCase(): Case {
  const io = fixture('torch/linear.io.safetensors');
  const layer = new Dense({ units: 5 });
  return {
    name: 'linear',
    layer,
    graph: layer.build({ input: f32(['batch', 3, 6]) }),
    inputs: { input: io['input']! },
    expected: { output: 'output' },
  };
}

function embeddingCase(): Case {
  const io = fixture('torch/embedding.io.safetensors');
  const layer = new Embedding({ inputDim: 10, outputDim: 6 });
  return {
    name: 'embedding',
    layer,
    graph: layer.build({ input: { dtype: 'int32', shape: ['batch', 4] } }),
    inputs: { input: io['ids']! },
    expected: { output: 'output' },
  };
}

function transformerCases(): Case[] {
  const cases: Case[] = [];
  for (const [name, args] of [
    ['transformer_post', { norm_first: false, activation: 'relu', layer_norm_eps: 1e-5 }],
    ['transformer_pre', { norm_first: true, activation: 'gelu', layer_norm_eps: 1e-6 }],
  ] as const) {
    const io = fixture(`torch/${name}.io.safetensors`);
    const layer = transformerEncoderFromTorch({ d_model: 8, nhead: 2, dim_feedforward: 12, batch_first: true, ...args });
    const padded = layer.build({ input: f32(['batch', 5, 8]), padding_mask: { dtype: 'bool', shape: ['batch', 5] } });
    cases.push({
      name,
      layer,
      graph: padded,
      inputs: { input: io['input']!, padding_mask: io['padding_mask']! },
      expected: { output: 'output' },
    });
    const causal = layer.build({ input: f32(['batch', 5, 8]), attention_mask: { dtype: 'bool', shape: ['batch', 5, 5] } });
    const lower = Array.from({ length: 2 * 25 }, (_, i) => (i % 5 <= Math.floor(i / 5) % 5 ? 1 : 0));
    cases.push({
      name,
      layer,
      graph: causal,
      inputs: { input: io['input']!, attention_mask: boolTensor(lower, [2, 5, 5]) },
      expected: { output: 'output_causal' },
    });
  }
  return cases;
}

const CASES = [denseCase(), embeddingCase(), ...transformerCases()];

describe.each(BACKENDS)('torch state_dicts on %s', (backend) => {
  let worst = 0;
  let worstAbsolute = 0;
  afterAll(() =>
    console.log(
      `${backend}: largest difference from torch (Linear, Embedding, TransformerEncoderLayer) ${worstAbsolute.toExponential(2)}, scaled by max(1, max|torch|) ${worst.toExponential(2)}`,
    ),
  );
  it.each(CASES.map((c, i) => [`${c.name} #${i}`, c] as const))('%s reproduces torch', async (_label, c) => {
    const weights = fromTorch(c.layer, fixture(`torch/${c.name}.safetensors`));
    const io = fixture(`torch/${c.name}.io.safetensors`);
    const outputs = await runOn(backend, c.graph, c.inputs, weights);
    for (const [ours, theirs] of Object.entries(c.expected)) {
      const diff = maxScaledDiff(outputs[ours]!, io[theirs]!);
      worst = Math.max(worst, diff);
      worstAbsolute = Math.max(worstAbsolute, ...Array.from(io[theirs]!.data, (v, k) => Math.abs(outputs[ours]!.data[k]! - v)));
      expect(diff, `${ours} vs torch ${theirs}`).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

const bits = (t: HostTensor) => [...t.shape, ...new Uint32Array(new Float32Array(t.data).buffer)];
const bitsOf = (w: Record<string, HostTensor>) => Object.fromEntries(Object.entries(w).map(([k, t]) => [k, bits(t)]));

describe('toTorch inverts fromTorch', () => {
  it.each(['linear', 'embedding', 'transformer_post', 'transformer_pre'])('%s returns the state_dict bit for bit', (name) => {
    const c = CASES.find((x) => x.name === name)!;
    const sd = fixture(`torch/${name}.safetensors`);
    const weights = fromTorch(c.layer, sd);
    expect(Object.keys(weights).sort()).toEqual(c.graph.params.map((p) => p.name).sort());
    expect(bitsOf(toTorch(c.layer, weights))).toEqual(bitsOf(sd));
  });
});

describe('errors name the key or the option', () => {
  const encoder = () => transformerEncoderFromTorch({ d_model: 8, nhead: 2, dim_feedforward: 12, batch_first: true });
  const sd = () => fixture('torch/transformer_post.safetensors');
  const t = (shape: number[]): HostTensor => ({ dtype: 'float32', shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  const without = (key: string) => Object.fromEntries(Object.entries(sd()).filter(([k]) => k !== key));
  const cases: [string, () => unknown, RegExp][] = [
    ['a missing key', () => fromTorch(encoder(), without('linear2.weight')), /missing key 'linear2.weight'/],
    [
      'a misshapen key',
      () => fromTorch(encoder(), { ...sd(), 'linear1.weight': t([12, 7]) }),
      /'linear1.weight' must have shape \[12, 8\], got \[12, 7\]/,
    ],
    [
      'a wrong dim_feedforward',
      () => fromTorch(new TransformerEncoder({ intermediateDim: 16, numHeads: 2 }), sd()),
      /'linear1.weight' must have shape \[16, 8\]/,
    ],
    ['an unexpected key', () => fromTorch(encoder(), { ...sd(), 'norm3.weight': t([8]) }), /unexpected key\(s\) 'norm3.weight'/],
    [
      'an nn.TransformerEncoder',
      () => fromTorch(encoder(), { ...sd(), 'layers.0.norm1.weight': t([8]) }),
      /nn.TransformerEncoder: map each/,
    ],
    ['bias=False', () => fromTorch(encoder(), without('linear1.bias')), /bias=False has no TransformerEncoder equivalent/],
    [
      'nhead not dividing d_model',
      () => fromTorch(new TransformerEncoder({ intermediateDim: 12, numHeads: 3 }), sd()),
      /d_model 8 \(from 'norm1.weight'\) is not a multiple of numHeads 3/,
    ],
    [
      'a misshapen weight in toTorch',
      () => toTorch(encoder(), { ...fromTorch(encoder(), sd()), 'feedforward_output_dense/bias': t([7]) }),
      /'feedforward_output_dense\/bias' must have shape \[8\]/,
    ],
    ['batch_first false', () => transformerEncoderFromTorch({ d_model: 8, nhead: 2 }), /batch_first: false/],
    [
      'a silu activation',
      () => transformerEncoderFromTorch({ d_model: 8, nhead: 2, batch_first: true, activation: 'silu' }),
      /activation 'silu'/,
    ],
    ['bias false', () => transformerEncoderFromTorch({ d_model: 8, nhead: 2, batch_first: true, bias: false }), /bias: false/],
    [
      'd_model % nhead',
      () => transformerEncoderFromTorch({ d_model: 8, nhead: 3, batch_first: true }),
      /d_model \(8\) must be a multiple of nhead \(3\)/,
    ],
    [
      'an unknown argument',
      () => transformerEncoderFromTorch({ d_model: 8, nhead: 2, batch_first: true, ...{ kdim: 4 } }),
      /unknown argument\(s\) 'kdim'/,
    ],
    [
      'Linear: wrong out_features',
      () => fromTorch(new Dense({ units: 4 }), fixture('torch/linear.safetensors')),
      /'weight' must have 4 rows/,
    ],
    [
      'Linear bias=False into useBias',
      () => fromTorch(new Dense({ units: 5 }), { weight: t([5, 6]) }),
      /missing key 'bias': an nn.Linear with bias=False/,
    ],
    [
      'Linear bias into useBias: false',
      () => fromTorch(new Dense({ units: 5, useBias: false }), fixture('torch/linear.safetensors')),
      /useBias: false/,
    ],
    [
      'Embedding: wrong size',
      () => fromTorch(new Embedding({ inputDim: 12, outputDim: 6 }), fixture('torch/embedding.safetensors')),
      /'weight' must have shape \[12, 6\], got \[10, 6\]/,
    ],
    [
      'Embedding: wrong key',
      () => toTorch(new Embedding({ inputDim: 10, outputDim: 6 }), { weight: t([10, 6]) }),
      /missing key 'embeddings'/,
    ],
  ];
  it.each(cases)('%s', (_label, run, message) => {
    expect(run).toThrow(LayerspecError);
    expect(run).toThrow(message);
  });

  it('maps the arguments it can express', () => {
    const layer = transformerEncoderFromTorch({
      d_model: 8,
      nhead: 2,
      dim_feedforward: 12,
      batch_first: true,
      norm_first: true,
      activation: 'gelu',
      layer_norm_eps: 1e-6,
      dropout: 0,
    });
    expect(layer.config).toMatchObject({
      intermediateDim: 12,
      numHeads: 2,
      normalizeFirst: true,
      activation: 'gelu',
      layerNormEpsilon: 1e-6,
      dropout: 0,
    });
    expect(encoder().config).toMatchObject({ dropout: 0.1, activation: 'relu', layerNormEpsilon: 1e-5, normalizeFirst: false });
  });
});
