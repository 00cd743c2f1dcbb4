/** The layerNorm compile option: LayerNormalization as the ONNX op or as the layer's two-pass ops. */
import { describe, expect, it } from 'vitest';
import { LayerNormalization, LayerspecError, chooseComposites, initWeights, tensor, type Graph, type HostTensor } from '@layerspec/spec';
import { exportOnnx } from '../export/export.js';
import { onnx } from '../export/proto.js';
import { nodeBackend } from '../index.js';
import type { LayerNormForm } from './layer-norm-form.js';

const ops = (bytes: Uint8Array): string[] => (onnx.ModelProto.decode(bytes).graph!.node ?? []).map((n) => n.opType ?? '');
const graph = new LayerNormalization({}).build({ input: { dtype: 'float32', shape: ['b', 16] } });
/** What the backends do with their `layerNorm` form before the passes. */
const chooseLayerNormForm = (g: Graph, form: LayerNormForm): Graph => chooseComposites(g, 'LayerNormalization', () => form === 'native');

describe('layerNorm', () => {
  it("'decomposed' exports the mean and variance ops instead of LayerNormalization; 'native' keeps the op", () => {
    expect(ops(exportOnnx(chooseLayerNormForm(graph, 'native'), undefined, { opset: 23 }))).toContain('LayerNormalization');
    const decomposed = ops(exportOnnx(chooseLayerNormForm(graph, 'decomposed'), undefined, { opset: 23 }));
    expect(decomposed).not.toContain('LayerNormalization');
    expect(decomposed.filter((o) => o === 'ReduceMean')).toHaveLength(2);
  });

  it.skipIf(!nodeBackend)('both forms normalize rows near 1000 with std ~1 to float32 accuracy on onnx-node', async () => {
    const x: HostTensor = tensor(
      Array.from({ length: 64 }, (_, i) => 1000 + Math.sin(i * 1.7) * 1.3),
      [4, 16],
    );
    const weights = initWeights(graph, { seed: 1 });
    for (const layerNorm of ['native', 'decomposed'] as const) {
      const compiled = await nodeBackend!.compile(graph, { opset: 23, layerNorm });
      const y = (await compiled.run({ input: x }, weights))['output']!.data;
      compiled.dispose();
      for (let r = 0; r < 4; r++) {
        const row = Array.from(x.data.slice(r * 16, r * 16 + 16));
        const mean = row.reduce((a, v) => a + v, 0) / 16;
        const std = Math.sqrt(row.reduce((a, v) => a + (v - mean) ** 2, 0) / 16 + 1e-3);
        row.forEach((v, i) => expect(Math.abs(y[r * 16 + i]! - (v - mean) / std), `${layerNorm} [${r}, ${i}]`).toBeLessThan(1e-3));
      }
    }
  });

  it('an unknown form is an error before anything runs', async () => {
    const bad = JSON.parse('"fused"') as 'native';
    await expect(nodeBackend?.compile(graph, { layerNorm: bad })).rejects.toThrow(LayerspecError);
    await expect(nodeBackend?.compile(graph, { layerNorm: bad })).rejects.toThrow(
      /layerNorm must be one of 'native', 'decomposed', got the string "fused"/,
    );
  });
});
