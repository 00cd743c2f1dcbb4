import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiHeadAttention, initWeights, tensor } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { exportCommand, parseExportArgs } from './export-command.js';

describe('layerspec export', () => {
  it('parses config flags as JSON, inputs as dims, build options by prefix', () => {
    const a = parseExportArgs(['MultiHeadAttention', '--numHeads', '2', '--keyDim', '4', '--input', 'query=batch,5,8', '--build-useCausalMask', 'true', '-o', 'x.onnx']);
    expect(a).toMatchObject({ className: 'MultiHeadAttention', config: { numHeads: 2, keyDim: 4 }, build: { useCausalMask: true }, inputs: { query: ['batch', 5, 8] }, opset: 17, out: 'x.onnx' });
  });

  it('rejects an unknown layer, a missing -o and a bad opset with the usage', () => {
    expect(() => parseExportArgs(['Nope', '-o', 'x'])).toThrow(/unknown layer 'Nope'/);
    expect(() => parseExportArgs(['RNN', '--input', 'inputs=2,3,4'])).toThrow(/-o/);
    expect(() => parseExportArgs(['RNN', '--opset', '18', '-o', 'x'])).toThrow(/--opset must be 17 or 23/);
  });

  it('writes a model that onnxruntime runs at two batch sizes, matching the reference engine', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'layerspec-export-')), 'mha.onnx');
    await exportCommand([
      'MultiHeadAttention', '--numHeads', '2', '--keyDim', '4', '--seed', '5',
      '--input', 'query=batch,seq,8', '--input', 'value=batch,seq,8', '--build-useCausalMask', 'true', '-o', out,
    ]);
    const session = await ort.InferenceSession.create(readFileSync(out));
    const graph = new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).build(
      { query: { dtype: 'float32', shape: ['batch', 'seq', 8] }, value: { dtype: 'float32', shape: ['batch', 'seq', 8] } },
      { useCausalMask: true },
    );
    const compiled = await ref.compile(graph);
    for (const batch of [1, 3]) {
      const x = tensor(Array.from({ length: batch * 4 * 8 }, (_, i) => Math.sin(i)), [batch, 4, 8]);
      const fed = new ort.Tensor('float32', x.data as Float32Array, x.shape);
      const got = (await session.run({ query: fed, value: fed }))['output']!.data as Float32Array;
      const want = (await compiled.run({ query: x, value: x }, initWeights(graph, { seed: 5 })))['output']!.data;
      expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i]!)))).toBeLessThan(1e-5);
    }
    await session.release();
  });
});
