/**
 * One MultiHeadAttention model with symbolic batch and sequence lengths, exported once and run by
 * onnxruntime directly (not through the backend) at two batch sizes and two sequence lengths.
 */
import { describe, expect, it } from 'vitest';
import { MultiHeadAttention, initWeights, tensor, type HostTensor } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { exportOnnx } from './index.js';
import { fromOrt, loadNode, loadWeb, toOrt, type OrtModule } from './runtime/ort.js';
import { expectClose } from './testing/compare.js';
import { onnx } from './export/proto.js';

const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
const graph = layer.build(
  { query: { dtype: 'float32', shape: ['batch', 'tq', 8] }, value: { dtype: 'float32', shape: ['batch', 'tv', 8] } },
  { returnAttentionScores: true },
);
const weights = initWeights(graph, { seed: 3 });
const bytes = exportOnnx(graph, weights, { opset: 17 });
const data = (shape: number[], shift: number): HostTensor =>
  tensor(
    Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => Math.sin(i * 0.37 + shift)),
    shape,
  );

it('declares the symbolic dims as dim_param', () => {
  const m = onnx.ModelProto.decode(bytes);
  const dims = (m.graph?.input ?? []).map((v) => (v.type?.tensorType?.shape?.dim ?? []).map((d) => d.dimParam || Number(d.dimValue)));
  expect(dims).toEqual([
    ['batch', 'tq', 8],
    ['batch', 'tv', 8],
  ]);
  expect((m.graph?.output ?? []).map((v) => v.name)).toEqual(['output', 'attention_scores']);
});

describe.each([
  { name: 'onnxruntime-web', load: async () => loadWeb() },
  { name: 'onnxruntime-node', load: loadNode },
])('$name', ({ load }) => {
  it('runs at batch 1 and 3, sequence lengths (2, 5) and (6, 3), matching the reference', async () => {
    const ort: OrtModule | undefined = await load();
    expect(ort).toBeDefined();
    const session = await ort!.InferenceSession.create(bytes);
    const compiled = await ref.compile(graph);
    try {
      for (const batch of [1, 3]) {
        for (const [tq, tv] of [
          [2, 5],
          [6, 3],
        ] as const) {
          const inputs = { query: data([batch, tq, 8], 0), value: data([batch, tv, 8], 1) };
          const want = await compiled.run(inputs, weights);
          const got = await session.run({ query: toOrt(ort!, inputs.query), value: toOrt(ort!, inputs.value) });
          for (const name of ['output', 'attention_scores']) {
            const t = got[name];
            expect(t).toBeDefined();
            expectClose(`batch ${batch} tq ${tq} tv ${tv} / ${name}`, fromOrt(t!, name), want[name]!);
          }
          expect(want['attention_scores']!.shape).toEqual([batch, 2, tq, tv]);
        }
      }
    } finally {
      compiled.dispose();
      await session.release();
    }
  });
});
