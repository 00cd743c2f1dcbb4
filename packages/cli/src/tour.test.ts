import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getBackend, weightsFromJSON } from '@layerspec/spec';
import * as ort from 'onnxruntime-web';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { maxAbsDiff } from './format.js';
import { DEMOS } from './catalog.js';
import { TOUR_TOLERANCE, tour, verdict } from './tour.js';
import { parseTourArgs } from './tour-command.js';

const dir = mkdtempSync(join(tmpdir(), 'layerspec-tour-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('layerspec tour', () => {
  it('writes each model with its inputs and weights, which reproduce the printed comparison on onnxruntime', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    const results = await tour({ outDir: dir, backends: ['onnx-web'], layers: ['LayerNormalization'] });
    const text = lines.join('\n');
    expect(text).toContain('max |diff| vs ref  largest |backend - ref|');
    expect(text).toMatch(/verdict: all 1 backend outputs agree with ref/);
    const number = String(DEMOS.findIndex((d) => d.build().name === 'LayerNormalization') + 1).padStart(2, '0');
    const base = join(dir, `${number}-LayerNormalization`);
    expect(text).toContain(`  ${base}.onnx  (.inputs.json, .weights.json)`);

    const inputs = weightsFromJSON(JSON.parse(readFileSync(`${base}.inputs.json`, 'utf8')));
    const weights = weightsFromJSON(JSON.parse(readFileSync(`${base}.weights.json`, 'utf8')));
    const graph = DEMOS.find((d) => d.build().name === 'LayerNormalization')!.build();
    const compiled = await getBackend('ref').compile(graph);
    const want = (await compiled.run(inputs, weights))['output']!.data;
    compiled.dispose();
    const session = await ort.InferenceSession.create(readFileSync(`${base}.onnx`));
    const feeds = Object.fromEntries(
      Object.entries(inputs).map(([name, t]) => [name, new ort.Tensor('float32', Float32Array.from(t.data), t.shape)]),
    );
    const got = (await session.run(feeds))['output']!.data as Float32Array;
    await session.release();
    const diff = maxAbsDiff(got, want);
    expect(diff).toBeLessThan(1e-5);
    expect(results.find((r) => r.backend === 'onnx-web')!.diff).toBeCloseTo(diff, 7);
  });

  it('names the outputs that do not agree in its verdict', () => {
    const ok = { layer: 'A', backend: 'x', output: 'output', diff: 2e-7, scale: 1 };
    expect(verdict([{ ...ok, backend: 'ref', diff: undefined }, ok])).toBe(
      `verdict: all 1 backend outputs agree with ref (|diff| <= ${TOUR_TOLERANCE.toExponential(0)} x max(1, max |ref|)); the largest |diff| is 2.0e-7`,
    );
    expect(verdict([ok, { ...ok, layer: 'B', diff: 0.03 }, { ...ok, layer: 'C', diff: Number.POSITIVE_INFINITY }])).toMatch(
      /^verdict: 2 of 3 backend outputs differ from ref by more than .*: B on x \(output: 3\.0e-2\), C on x \(output: Infinity\)$/,
    );
    expect(verdict([{ ...ok, diff: 5e-5, scale: 10 }])).toMatch(/^verdict: all 1/);
  });

  it('parses its options: the output directory is relative to where the user ran it', () => {
    vi.stubEnv('INIT_CWD', dir);
    const registered = ['ref', 'tfjs-cpu', 'onnx-web'];
    expect(parseTourArgs([], registered)).toEqual({ outDir: join(dir, 'out'), backends: ['tfjs-cpu', 'onnx-web'] });
    expect(parseTourArgs(['--out', 'models', '--backends', 'onnx-web', '--layers', 'RNN,LSTMCell'], registered)).toEqual({
      outDir: join(dir, 'models'),
      backends: ['onnx-web'],
      layers: ['RNN', 'LSTMCell'],
    });
    expect(() => parseTourArgs(['--backends', 'tfjs-gpu'], registered)).toThrow(
      "--backends: unknown backend 'tfjs-gpu' (did you mean tfjs-cpu?) (backends: ref, tfjs-cpu, onnx-web)",
    );
    expect(() => parseTourArgs(['--layers', 'Nope'], registered)).toThrow("unknown layer 'Nope'");
    expect(() => parseTourArgs(['--nope', '1'], registered)).toThrow("unknown flag '--nope'");
    expect(parseTourArgs(['--out', '.'], registered).outDir).toBe(dir);
    writeFileSync(join(dir, 'a-file'), '');
    expect(() => parseTourArgs(['--out', 'a-file'], registered)).toThrow(
      `--out cannot write in 'a-file': ${join(dir, 'a-file')} is a file, not a folder`,
    );
  });
});
