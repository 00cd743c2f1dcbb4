import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The built command line (npm test builds before testing), which loads this package: peak memory
// needs processes of its own.
const bin = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const run = promisify(execFile);

interface Report {
  machine: { cores: number };
  cases: {
    case: string;
    results: {
      name: string;
      backend: string;
      pass: string;
      medianMs?: number;
      ratio?: number;
      maxAbsError?: number;
      peakMiB?: number;
      peakTensorMiB?: number;
      error?: string;
    }[];
  }[];
  targets: { target: string; measured: number }[];
}

const dir = mkdtempSync(join(tmpdir(), 'layerspec-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let reports = 0;

async function benchJson(args: string[]): Promise<{ stdout: string; report: Report }> {
  const json = join(dir, `bench-${reports++}.json`);
  const { stdout } = await run(process.execPath, [bin, 'bench', ...args, '--runs', '1', '--json', json], { maxBuffer: 1 << 24 });
  return { stdout, report: JSON.parse(readFileSync(json, 'utf8')) as Report };
}

describe('layerspec bench, end to end at tiny sizes', () => {
  it('times every contender of LayerNorm on every backend, checks its output, and measures its peak memory', async () => {
    const { stdout, report } = await benchJson(['--layers', 'layernorm', '--sizes', 'batch=2,seq=3,model=8']);
    const results = report.cases[0]!.results;
    const names = results.map((r) => `${r.backend} ${r.name} ${r.pass}`);
    for (const expected of [
      'ref layerspec ref forward',
      'tfjs-cpu tfjs by hand on tfjs-cpu backward',
      'tfjs-wasm tfjs-layers LayerNormalization on tfjs-wasm forward',
      'onnx-web layerspec export, opset 23 forward',
      'onnx-web hand-built LayerNormalization op forward',
    ])
      expect(names).toContain(expected);
    for (const r of results) {
      expect(r.error, `${r.name} ${r.pass}`).toBeUndefined();
      expect(r.medianMs).toBeGreaterThan(0);
      expect(r.peakMiB).toBeGreaterThanOrEqual(0);
      if (r.pass === 'forward') expect(r.maxAbsError).toBeLessThan(1e-5);
    }
    expect(results.find((r) => r.backend === 'ref')!.peakTensorMiB).toBeGreaterThan(0);
    expect(report.targets.map((t) => t.target)).toContain('reference engine speed-up over tfjs cpu by hand (forward)');
    expect(stdout).toContain('time / best peer');
    expect(stdout).toContain('Targets');
  }, 180_000);

  it('runs MultiHeadAttention and the AttentionWrapper with all their peers, and says which cannot run', async () => {
    const sizes = 'batch=2,seq=4,model=8,heads=2,steps=3,inputSize=3,memoryLength=5,memorySize=4,units=3';
    const { report } = await benchJson(['--layers', 'mha,attention-wrapper', '--sizes', sizes, '--no-memory']);
    const [mha, aw] = report.cases;
    // tfjs-layers' MultiHeadAttention is all einsums: tfjs has no Einsum gradient, and no Einsum on wasm.
    expect(mha!.results.filter((r) => r.error !== undefined).map((r) => `${r.name} ${r.pass}: ${r.error}`)).toEqual([
      'tfjs-layers MultiHeadAttention on tfjs-cpu backward: Cannot compute gradient: gradient function not found for Einsum.',
      "tfjs-layers MultiHeadAttention on tfjs-wasm forward: Kernel 'Einsum' not registered for backend 'wasm'",
      "tfjs-layers MultiHeadAttention on tfjs-wasm backward: Kernel 'Einsum' not registered for backend 'wasm'",
    ]);
    expect(
      mha!.results.find((r) => r.name === 'tfjs-layers MultiHeadAttention on tfjs-cpu' && r.pass === 'forward')!.medianMs,
    ).toBeGreaterThan(0);
    for (const r of [...mha!.results, ...aw!.results]) {
      if (r.error === undefined && r.pass === 'forward') expect(r.maxAbsError, `${r.backend} ${r.name}`).toBeLessThan(1e-5);
      expect(r.peakMiB).toBeUndefined();
    }
    expect(aw!.results.filter((r) => r.error !== undefined)).toEqual([]);
    expect(aw!.results.map((r) => r.name)).toContain('hand-built Scan');
  }, 180_000);
});
