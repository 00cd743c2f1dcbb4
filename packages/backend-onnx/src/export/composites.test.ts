import onnxProto from 'onnx-proto';
import { LayerNormalization, RMSNormalization, initWeights, tensor, type Graph } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { describe, expect, it } from 'vitest';
import { listBackends, getBackend } from '@layerspec/spec';
import '../index.js';
import { expectClose } from '../testing/compare.js';
import { exportOnnx } from './export.js';

const opTypes = (bytes: Uint8Array): string[] => (onnxProto.onnx.ModelProto.decode(bytes).graph?.node ?? []).map((n) => n.opType ?? '');
const input = { input: { dtype: 'float32' as const, shape: ['batch', 4, 6] } };

describe('composite regions become native ONNX ops where the opset has them', () => {
  const ln = new LayerNormalization({ epsilon: 1e-5 }).build(input);
  const rms = new RMSNormalization({ axis: [1, 2] }).build(input);

  it('LayerNormalization is one node at opset 17 and 23; its decomposition otherwise never appears', () => {
    for (const opset of [17, 23] as const) {
      const ops = opTypes(exportOnnx(ln, initWeights(ln), { opset }));
      expect(ops.filter((o) => o === 'LayerNormalization')).toHaveLength(1);
      expect(ops).not.toContain('ReduceMean');
    }
  });

  it('RMSNormalization is native at opset 23 only', () => {
    expect(opTypes(exportOnnx(rms, initWeights(rms), { opset: 17 }))).not.toContain('RMSNormalization');
    const ops = opTypes(exportOnnx(rms, initWeights(rms), { opset: 23 }));
    expect(ops).toContain('RMSNormalization');
    expect(ops).not.toContain('ReduceMean');
  });

  const backends = listBackends().filter((n) => n.startsWith('onnx-'));
  it.each(
    backends.flatMap(
      (b) =>
        [
          [b, 'LayerNormalization', ln, 17],
          [b, 'RMSNormalization', rms, 23],
        ] as [string, string, Graph, 17 | 23][],
    ),
  )('%s runs the native %s and matches the reference engine', async (name, _op, graph, opset) => {
    const weights = initWeights(graph, { seed: 2 });
    for (const p of graph.params) weights[p.name]!.data.forEach((_, i, a) => (a[i] = 1 + 0.1 * Math.sin(i)));
    const x = tensor(
      Array.from({ length: 2 * 4 * 6 }, (_, i) => 3 * Math.cos(i * 0.7) + 0.5),
      [2, 4, 6],
    );
    const expected = (await (await ref.compile(graph)).run({ input: x }, weights))['output']!;
    const compiled = await getBackend(name).compile(graph, { opset });
    expectClose(`${name} ${graph.name}`, (await compiled.run({ input: x }, weights))['output'], expected);
    compiled.dispose();
  });
});
