/**
 * fuse-sibling-projections is exact: on the reference engine every output is bit for bit the same with
 * and without it (each element of the joined product is the same dot product, summed in the same order).
 */
import { describe, expect, it } from 'vitest';
import {
  DEVICE_PASS_NAMES,
  GraphBuilder,
  MultiHeadAttention,
  PASS_NAMES,
  TransformerDecoder,
  TransformerEncoder,
  initWeights,
  optimizeGraph,
  tensor,
  type Graph,
  type HostTensor,
  type TensorType,
} from '@layerspec/spec';
import { backend } from './index.js';

const DEFAULT_PASSES = PASS_NAMES.filter((n) => !DEVICE_PASS_NAMES.includes(n));
const seq: TensorType = { dtype: 'float32', shape: ['batch', 'seq', 16] };

function selfAttention(): Graph {
  const b = new GraphBuilder('self_attention');
  const x = b.input('x', seq);
  const out = new MultiHeadAttention({ numHeads: 4, keyDim: 4, valueDim: 3 }).call(b, { query: x, value: x }, {}, 'mha');
  b.output('y', out['output']!);
  return b.build();
}

const fill = (shape: number[], phase: number): HostTensor =>
  tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)),
    shape,
  );

const cases: [string, () => Graph, Record<string, HostTensor>][] = [
  ['MultiHeadAttention self-attention', selfAttention, { x: fill([2, 5, 16], 1) }],
  [
    'MultiHeadAttention cross-attention',
    () => new MultiHeadAttention({ numHeads: 2, keyDim: 8 }).build({ query: seq, value: { ...seq, shape: ['batch', 7, 16] } }),
    { query: fill([2, 5, 16], 1), value: fill([2, 7, 16], 2) },
  ],
  [
    'TransformerEncoder',
    () => new TransformerEncoder({ intermediateDim: 32, numHeads: 4 }).build({ input: seq }),
    { input: fill([2, 5, 16], 3) },
  ],
  [
    'TransformerDecoder',
    () => new TransformerDecoder({ intermediateDim: 32, numHeads: 4 }).build({ input: seq, encoder_sequence: seq }),
    { input: fill([2, 5, 16], 4), encoder_sequence: fill([2, 5, 16], 5) },
  ],
];

describe('fuse-sibling-projections on the reference engine', () => {
  for (const [label, build, inputs] of cases) {
    it(`${label}: the same outputs, bit for bit`, async () => {
      const g = build();
      const fused = [...DEFAULT_PASSES, 'fuse-sibling-projections' as const];
      expect(optimizeGraph(g, { passes: fused }).nodes.some((n) => n.op === 'Slice' && n.name.includes('_part'))).toBe(true);
      const weights = initWeights(g, { seed: 5 });
      const results: Record<string, HostTensor>[] = [];
      for (const passes of [DEFAULT_PASSES, fused]) {
        const compiled = await backend.compile(g, { passes });
        try {
          results.push(await compiled.run(inputs, weights));
        } finally {
          compiled.dispose();
        }
      }
      const [apart, joined] = results;
      for (const name of Object.keys(apart!)) {
        expect(joined![name]!.shape, name).toEqual(apart![name]!.shape);
        expect(Array.from(joined![name]!.data), name).toEqual(Array.from(apart![name]!.data));
      }
    });
  }
});
