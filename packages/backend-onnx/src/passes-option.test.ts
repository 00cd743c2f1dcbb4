/** exportOnnx and compile run the graph passes unless told not to; both graphs compute the same outputs. */
import { describe, expect, it } from 'vitest';
import { AttentionWrapper, LSTMCell, MultiHeadAttention, initWeights, tensor, type Graph, type HostTensor } from '@layerspec/spec';
import { exportOnnx } from './export/export.js';
import { onnx } from './export/proto.js';
import { nodeBackend, webBackend } from './index.js';

const f32 = (...shape: (number | string)[]) => ({ dtype: 'float32' as const, shape });
const ops = (bytes: Uint8Array): string[] => (onnx.ModelProto.decode(bytes).graph!.node ?? []).map((n) => n.opType ?? '');
const series = (n: number, shape: number[]): HostTensor =>
  tensor(
    Array.from({ length: n }, (_, i) => Math.sin(i * 0.37)),
    shape,
  );

describe('exportOnnx', () => {
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).build({ query: f32('b', 3, 8), value: f32('b', 5, 8) });

  it('folds the attention scale into the query weights by default, and keeps the plain graph with passes: false', () => {
    const plain = ops(exportOnnx(mha, undefined, { passes: false }));
    const optimized = ops(exportOnnx(mha));
    // Plain: one Mul scales the logits. Folded: one Mul scales the query kernel, one its bias.
    expect(plain.filter((o) => o === 'Mul')).toHaveLength(1);
    expect(optimized.filter((o) => o === 'Mul')).toHaveLength(2);
    expect(optimized.length).toBe(plain.length + 1);
    // The pass that only moves the scale onto the queries keeps one Mul.
    expect(ops(exportOnnx(mha, undefined, { passes: ['scale-before-product'] })).filter((o) => o === 'Mul')).toHaveLength(1);
  });
});

const aw: Graph = new AttentionWrapper({ cell: new LSTMCell({ units: 4 }), mechanism: 'bahdanau', units: 3, returnAttention: true }).build({
  inputs: f32('b', 't', 3),
  memory: f32('b', 5, 2),
});

describe.each([webBackend, ...(nodeBackend ? [nodeBackend] : [])].map((b) => ({ b, name: b.name })))('$name', ({ b }) => {
  it('compile({ passes: false }) runs the plain graph: the same outputs', async () => {
    const weights = initWeights(aw, { seed: 3 });
    const inputs = { inputs: series(2 * 6 * 3, [2, 6, 3]), memory: series(2 * 5 * 2, [2, 5, 2]) };
    const results = await Promise.all(
      [false, true].map(async (passes) => {
        const c = await b.compile(aw, { passes });
        try {
          return await c.run(inputs, weights);
        } finally {
          c.dispose();
        }
      }),
    );
    const [plain, optimized] = results as [Record<string, HostTensor>, Record<string, HostTensor>];
    for (const name of ['output', 'attention']) {
      plain[name]!.data.forEach((v, i) => expect(Math.abs(v - optimized[name]!.data[i]!), `${name}[${i}]`).toBeLessThan(1e-5));
    }
  });
});
