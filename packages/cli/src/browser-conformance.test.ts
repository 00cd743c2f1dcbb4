import { describe, expect, it } from 'vitest';
import { openBrowserRunner } from './browser-conformance.js';
import { findChromium } from './chromium.js';
import { conformanceCommand } from './conformance-command.js';

const hasChrome = findChromium() !== undefined;

/** A backend registered in the page that runs ref and then moves the first float output by 0.5. */
const FAULTY_BACKEND = `
import { getBackend, registerBackend } from '@layerspec/spec';
const ref = getBackend('ref');
registerBackend({
  name: 'off-by-half',
  async compile(graph, options) {
    const compiled = await ref.compile(graph, options);
    return {
      async run(inputs, weights) {
        const outputs = await compiled.run(inputs, weights);
        const first = Object.values(outputs).find((t) => t.dtype === 'float32' && t.data.length > 0);
        if (first) first.data[0] += 0.5;
        return outputs;
      },
      dispose: () => compiled.dispose(),
    };
  },
});
`;

async function run(args: string[], pageSetup?: string): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => void lines.push(parts.join(' '));
  try {
    return { code: await conformanceCommand(args, () => openBrowserRunner(pageSetup ? { pageSetup } : {})), out: lines.join('\n') };
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

  it('reports a failing cell found in the page with its counterexample and a replay line that replays it there', async () => {
    const args = ['--browser', '--backends', 'off-by-half', '--layers', 'Dense', '--runs', '2', '--seed', '7'];
    const { code, out } = await run(args, FAULTY_BACKEND);
    expect(out).toMatch(/Dense\s+off-by-half\s+matches ref\s+\d+\s+\S+\s+FAIL/);
    expect(out).toMatch(/^FAIL Dense on off-by-half \(matches ref\): output '\w+'\[0\]/m);
    expect(out).toMatch(/^ {2}counterexample: \{"layer":"Dense"/m);
    const replay = /^ {2}replay: npx layerspec conformance (.*)$/m.exec(out)?.[1];
    expect(replay).toMatch(/--backends off-by-half --layers Dense --seed -?\d+ --path \S+ --browser$/);
    expect(code).toBe(1);
    const again = await run(replay!.split(' '), FAULTY_BACKEND);
    expect(again.out).toMatch(/Dense\s+off-by-half\s+matches ref\s+\d+\s+\S+\s+FAIL/);
    expect(again.code).toBe(1);
  }, 300_000);

  it('names the browser targets when asked for one the page does not have', async () => {
    await expect(run(['--browser', '--backends', 'onnx-node'])).rejects.toThrow(
      /unknown backend or target 'onnx-node' \(targets: .*tfjs-webgpu/,
    );
  }, 120_000);
});
