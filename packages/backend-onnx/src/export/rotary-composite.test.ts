import onnxProto from 'onnx-proto';
import { RotaryEmbedding, getBackend, listBackends, tensor, type Graph } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { expectClose } from '../testing/compare.js';
import { exportOnnx } from './export.js';

const opTypes = (bytes: Uint8Array): string[] => (onnxProto.onnx.ModelProto.decode(bytes).graph?.node ?? []).map((n) => n.opType ?? '');

describe('RotaryEmbedding exports as the native op at opset 23 and as its decomposition at 17', () => {
  const graphs: [string, Graph][] = [
    ['halves, (B, T, D), positions 0..T-1', new RotaryEmbedding().build({ input: { dtype: 'float32', shape: ['batch', 'seq', 8] } })],
    [
      'interleaved, (B, H, T, D), position ids, startIndex 2',
      new RotaryEmbedding({ interleaved: true, maxWavelength: 500 }).build(
        { input: { dtype: 'float32', shape: ['batch', 2, 'seq', 8] }, position_ids: { dtype: 'int32', shape: ['batch', 'seq'] } },
        { startIndex: 2 },
      ),
    ],
  ];

  it.each(graphs)('%s: one RotaryEmbedding node at 23, none at 17', (_title, graph) => {
    const at23 = opTypes(exportOnnx(graph, {}, { opset: 23 }));
    expect(at23.filter((o) => o === 'RotaryEmbedding')).toHaveLength(1);
    expect(at23).not.toContain('Slice');
    const at17 = opTypes(exportOnnx(graph, {}, { opset: 17 }));
    expect(at17).not.toContain('RotaryEmbedding');
    expect(at17).toContain('Slice');
  });

  const backends = listBackends().filter((n) => n.startsWith('onnx-'));
  it.each(
    backends.flatMap((b) =>
      graphs.flatMap(
        ([title, g]) =>
          [
            [b, title, 17, g],
            [b, title, 23, g],
          ] as [string, string, number, Graph][],
      ),
    ),
  )('%s runs %s at opset %d and matches the reference engine', async (name, _title, opset, graph) => {
    const shape = graph.inputs[0]!.type.shape.map((d) => (d === 'batch' ? 2 : d === 'seq' ? 5 : Number(d)));
    const n = shape.reduce((a, d) => a * d, 1);
    const inputs = {
      input: tensor(
        Array.from({ length: n }, (_, i) => Math.cos(i * 0.37) * 2),
        shape,
      ),
      ...(graph.inputs.length > 1 ? { position_ids: tensor([0, 1, 2, 3, 4, 9, 7, 30, 1, 0], [2, 5], 'int32') } : {}),
    };
    const expected = (await (await ref.compile(graph)).run(inputs, {}))['output']!;
    const compiled = await getBackend(name).compile(graph, { opset });
    expectClose(`${name} ${graph.name}@${opset}`, (await compiled.run(inputs, {}))['output'], expected);
    compiled.dispose();
  });
});
