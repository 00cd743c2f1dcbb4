import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { conformanceCommand } from './conformance-command.js';

const hasChrome =
  !!process.env['CHROME_PATH'] ||
  (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, 'chromium'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => void lines.push(parts.join(' '));
  try {
    return { code: await conformanceCommand(args), out: lines.join('\n') };
  } finally {
    console.log = log;
  }
}

describe.skipIf(!hasChrome)('layerspec conformance --browser', () => {
  it('checks the GPU backends in Chromium: the same table, on the backends the page registers', async () => {
    const { code, out } = await run([
      '--browser',
      '--backends',
      'tfjs-webgl,onnx-webgpu',
      '--layers',
      'SequenceAttention',
      '--runs',
      '2',
      '--seed',
      '42',
    ]);
    expect(out).toMatch(/SequenceAttention\s+tfjs-webgl\s+matches ref\s+2\s+\S+\s+pass/);
    // The concat score's product by a 1-D vector, which onnxruntime-web's WebGPU MatMul rejected, is
    // exported as a 2-D product (backend-onnx's runtime workarounds).
    expect(out).toMatch(/SequenceAttention\s+onnx-webgpu@17\s+matches ref\s+2\s+\S+\s+pass/);
    expect(code).toBe(0);
  }, 300_000);

  it('names the browser targets when asked for one the page does not have', async () => {
    await expect(run(['--browser', '--backends', 'onnx-node'])).rejects.toThrow(
      /unknown backend or target 'onnx-node' \(targets: .*tfjs-webgpu/,
    );
  }, 120_000);
});
