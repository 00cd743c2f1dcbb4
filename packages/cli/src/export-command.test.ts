import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiHeadAttention, initWeights, tensor } from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import * as ort from 'onnxruntime-web';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { exportCommand, parseExportArgs } from './export-command.js';

const dir = mkdtempSync(join(tmpdir(), 'layerspec-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('layerspec export', () => {
  it('parses config flags as JSON, inputs as dims, build options by prefix', () => {
    const a = parseExportArgs([
      'MultiHeadAttention',
      '--numHeads',
      '2',
      '--keyDim',
      '4',
      '--input',
      'query=batch,5,8',
      '--build-useCausalMask',
      'true',
      '-o',
      'x.onnx',
    ]);
    expect(a).toMatchObject({
      className: 'MultiHeadAttention',
      config: { numHeads: 2, keyDim: 4 },
      build: { useCausalMask: true },
      inputs: { query: ['batch', 5, 8] },
      opset: 17,
      out: 'x.onnx',
    });
  });

  it('rejects an unknown layer, a missing -o and a bad opset with the usage', () => {
    expect(() => parseExportArgs(['Nope', '-o', 'x'])).toThrow(/unknown layer 'Nope'/);
    expect(() => parseExportArgs(['RNN', '--input', 'inputs=2,3,4'])).toThrow(/-o/);
    expect(() => parseExportArgs(['RNN', '--opset', '18', '-o', 'x'])).toThrow("--opset takes 17 or 23, got '18'");
  });

  it('writes relative to the directory the user ran it from (INIT_CWD under npm run), prints the absolute path, and reads --weights from there', async () => {
    vi.stubEnv('INIT_CWD', dir);
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    writeFileSync(join(dir, 'w.json'), JSON.stringify({ gamma: [1, 2, 3, 4], beta: { shape: [4], data: [0, 0, 0, 1] } }));
    await exportCommand(['LayerNormalization', '--input', 'input=batch,4', '--weights', 'w.json', '-o', 'ln.onnx']);
    expect(existsSync(join(dir, 'ln.onnx'))).toBe(true);
    expect(lines[0]).toContain(`wrote ${join(dir, 'ln.onnx')} (`);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ gamma: [1, 2, 3], beta: [0, 0, 0, 0] }));
    await expect(
      exportCommand(['LayerNormalization', '--input', 'input=batch,4', '--weights', 'bad.json', '-o', 'ln.onnx']),
    ).rejects.toThrow(/weight 'gamma'/);
  });

  it('writes a model that onnxruntime runs at two batch sizes, matching the reference engine', async () => {
    const out = join(dir, 'mha.onnx');
    await exportCommand([
      'MultiHeadAttention',
      '--numHeads',
      '2',
      '--keyDim',
      '4',
      '--seed',
      '5',
      '--input',
      'query=batch,seq,8',
      '--input',
      'value=batch,seq,8',
      '--build-useCausalMask',
      'true',
      '-o',
      out,
    ]);
    const session = await ort.InferenceSession.create(readFileSync(out));
    const graph = new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).build(
      { query: { dtype: 'float32', shape: ['batch', 'seq', 8] }, value: { dtype: 'float32', shape: ['batch', 'seq', 8] } },
      { useCausalMask: true },
    );
    const compiled = await ref.compile(graph);
    for (const batch of [1, 3]) {
      const x = tensor(
        Array.from({ length: batch * 4 * 8 }, (_, i) => Math.sin(i)),
        [batch, 4, 8],
      );
      const fed = new ort.Tensor('float32', x.data as Float32Array, x.shape);
      const got = (await session.run({ query: fed, value: fed }))['output']!.data as Float32Array;
      const want = (await compiled.run({ query: x, value: x }, initWeights(graph, { seed: 5 })))['output']!.data;
      expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i]!)))).toBeLessThan(1e-5);
    }
    await session.release();
  });
});
