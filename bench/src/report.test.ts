import { describe, expect, it } from 'vitest';
import { targets } from './report.js';
import type { BenchResult } from './results.js';

const result = (r: Partial<BenchResult> & Pick<BenchResult, 'name' | 'backend' | 'ours' | 'medianMs'>): BenchResult => ({
  case: 'mha',
  runtime: 'rt',
  pass: 'forward',
  ...r,
});

describe('targets', () => {
  it('reads each target off the results of the same case, runtime and pass', () => {
    const list = targets([
      result({ name: 'layerspec ref', backend: 'ref', ours: true, medianMs: 100 }),
      result({
        name: 'layerspec on tfjs-cpu',
        backend: 'tfjs-cpu',
        ours: true,
        medianMs: 610,
        ratio: 1.02,
        bestPeer: 'tfjs by hand on tfjs-cpu',
      }),
      result({
        name: 'tfjs by hand on tfjs-cpu',
        backend: 'tfjs-cpu',
        ours: false,
        medianMs: 600,
        ratio: 1,
        bestPeer: 'tfjs by hand on tfjs-cpu',
      }),
      result({ name: 'layerspec on tfjs-wasm', backend: 'tfjs-wasm', ours: true, pass: 'backward', medianMs: 40, ratio: 0.4 }),
      result({ name: 'tfjs by hand on tfjs-wasm', backend: 'tfjs-wasm', ours: false, pass: 'backward', medianMs: 100, ratio: 1 }),
      result({
        name: 'layerspec export, opset 17',
        backend: 'onnx-web',
        ours: true,
        medianMs: 12,
        ratio: 1.2,
        bestPeer: 'hand-built decomposed',
      }),
      result({ name: 'hand-built decomposed', backend: 'onnx-web', ours: false, medianMs: 10, ratio: 1 }),
    ]);
    expect(list.map((t) => [t.target, +t.measured.toFixed(2), t.met])).toEqual([
      ['reference engine speed-up over tfjs cpu by hand (forward)', 6, true],
      ['layerspec on tfjs-cpu (forward) / tfjs by hand', 1.02, false],
      ['layerspec on tfjs-wasm (backward) / tfjs by hand', 0.4, true],
      ['layerspec export, opset 17 on rt / hand-built decomposed', 1.2, false],
    ]);
  });

  it('skips targets whose contenders did not run', () => {
    expect(targets([result({ name: 'layerspec ref', backend: 'ref', ours: true, medianMs: 100 })])).toEqual([]);
  });
});
