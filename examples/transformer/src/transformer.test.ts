import { describe, expect, it } from 'vitest';
import { backend as refBackend } from '@layerspec/backend-ref';
import { backend as tfjsBackend } from '@layerspec/backend-tfjs';
import { exportOnnx, nodeBackend, webBackend } from '@layerspec/backend-onnx';
import { makeBatch, heldOut } from './data.js';
import { exactAccuracy, toDigits } from './decode.js';
import { evaluateOn, firstDifference, trainModel } from './pipeline.js';

describe('examples/transformer', () => {
  it('builds batches: digits + EOS, BOS + reversed digits, reversed digits + EOS', () => {
    const b = makeBatch({ minLen: 3, maxLen: 4 }, [[1, 2, 3]]);
    expect(Array.from(b.src.data)).toEqual([4, 5, 6, 2, 0]);
    expect(Array.from(b.tgtIn.data)).toEqual([1, 6, 5, 4, 0]);
    expect(Array.from(b.tgtOut.data)).toEqual([6, 5, 4, 2, 0]);
    expect(exactAccuracy([[6, 5, 4]], [[1, 2, 3]])).toBe(1);
    expect(toDigits([6, 5, 4])).toEqual([3, 2, 1]);
    expect(new Set(heldOut({ minLen: 3, maxLen: 4 }, 50, 1).map((s) => s.join(''))).size).toBe(50);
  });

  it('a briefly trained tiny model greedy-decodes identically on tfjs, onnxruntime and the reference engine, with caches and by full recompute', async () => {
    const trained = await trainModel({
      task: { minLen: 3, maxLen: 5 },
      model: { dModel: 32, numHeads: 2, ff: 64, encoderLayers: 1, decoderLayers: 1 },
      heldOutSize: 48,
      train: { steps: 60, batchSize: 32, learningRate: 3e-3, seed: 7 },
    });
    expect(exportOnnx(trained.graph, trained.weights, { opset: 17 }).length).toBeGreaterThan(1000);
    const results = [];
    for (const b of [tfjsBackend, nodeBackend ?? webBackend, refBackend]) {
      const cached = await evaluateOn(b, trained, 'cached');
      const recomputed = await evaluateOn(b, trained, 'recompute');
      // the cached decoder step chooses every token the full graph chooses, on each backend
      expect(firstDifference(cached.decoded, recomputed.decoded), b.name).toBe(-1);
      results.push(cached);
    }
    const [tfjs, onnx, ref] = results;
    expect(tfjs!.tokenAccuracy).toBeGreaterThan(0.3);
    // the decodes vary, so their equality says something
    expect(new Set(tfjs!.decoded.map((d) => d.join(','))).size).toBeGreaterThan(10);
    // and some end before the window does, so stopping at EOS is exercised
    expect(tfjs!.decoded.some((d) => d.length < 5)).toBe(true);
    expect(firstDifference(tfjs!.decoded, ref!.decoded)).toBe(-1);
    expect(firstDifference(tfjs!.decoded, onnx!.decoded)).toBe(-1);
    expect(ref!.tokenAccuracy).toBeCloseTo(tfjs!.tokenAccuracy, 2);
  }, 60_000);
});
