import { describe, expect, it } from 'vitest';
import type { TfRuntime } from '@layerspec/backend-tfjs';
import { trainModel } from './pipeline.js';

/**
 * Training is a pure function of the seed on one machine: weights and batches come from seeded
 * generators, there is no dropout, and both TensorFlow.js backends run each kernel in a fixed order
 * (tfjs-wasm runs single-threaded in Node). So two runs agree bit for bit, loss by loss. Across machines
 * or versions this need not hold: a change of Node (V8), TensorFlow.js or of how this library lowers an
 * op may reorder a floating-point sum, and the trajectories then drift apart (see the README).
 */
async function run(runtime: TfRuntime, seed: number): Promise<{ losses: number[]; weights: number[] }> {
  const losses: number[] = [];
  const trained = await trainModel({
    task: { minLen: 2, maxLen: 4 },
    model: { dModel: 8, numHeads: 2, ff: 16, encoderLayers: 1, decoderLayers: 1 },
    heldOutSize: 8,
    train: { steps: 12, batchSize: 8, learningRate: 1e-2, seed, runtime, logEvery: 1, onProgress: (_, loss) => losses.push(loss) },
  });
  const weights = Object.keys(trained.weights)
    .sort()
    .flatMap((name) => Array.from(trained.weights[name]!.data));
  return { losses, weights };
}

describe('examples/transformer training is deterministic', () => {
  for (const runtime of ['wasm', 'cpu'] as const) {
    it(`on tfjs-${runtime}: the same seed twice gives bit-identical losses and weights, another seed does not`, async () => {
      const first = await run(runtime, 3);
      const second = await run(runtime, 3);
      const other = await run(runtime, 4);
      expect(first.losses).toHaveLength(12);
      // toEqual compares numbers exactly (Object.is), so this is bit for bit
      expect(second.losses).toEqual(first.losses);
      expect(second.weights).toEqual(first.weights);
      expect(other.losses).not.toEqual(first.losses);
      // it did train: the loss fell
      expect(first.losses.at(-1)!).toBeLessThan(first.losses[0]!);
    }, 60_000);
  }
});
