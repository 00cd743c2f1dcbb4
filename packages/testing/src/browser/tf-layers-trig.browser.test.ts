/**
 * The tf.layers wrappers take the device passes of the tfjs runtime active when they build their graph:
 * SinePositionEncoding on tfjs-webgl and tfjs-webgpu matches tfjs-cpu to float32 (SwiftShader's own sin and
 * cos, which the plain graph would run, are 2e-4 off).
 */
import { expect, it } from 'vitest';
import { tf, tfl, useRuntime, type TfRuntime } from '@layerspec/backend-tfjs';
import { BROWSER_TARGETS } from './targets.js';

const GPU: TfRuntime[] = (['webgl', 'webgpu'] as const).filter((r) => BROWSER_TARGETS.some((t) => t.label === `tfjs-${r}`));

it.each(GPU)('tfl.sinePositionEncoding on %s matches tfjs-cpu within 1e-6', async (runtime) => {
  const x = Float32Array.from({ length: 2 * 800 * 8 }, (_, i) => Math.cos(i * 0.37));
  const outputs: Float32Array[] = [];
  for (const r of ['cpu', runtime] as const) {
    await useRuntime(r);
    const y = tfl.sinePositionEncoding({}).apply(tf.tensor(x, [2, 800, 8])) as tf.Tensor;
    outputs.push(Float32Array.from(await y.data()));
    y.dispose();
  }
  const [want, got] = outputs;
  const worst = want!.reduce((m, v, i) => Math.max(m, Math.abs(v - got![i]!)), 0);
  expect(worst).toBeLessThanOrEqual(1e-6);
});
