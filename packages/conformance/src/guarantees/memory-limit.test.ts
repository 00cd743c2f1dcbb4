/** Every backend estimates a run's memory from the bound shapes and rejects one over its limit before running. */
import { describe, expect, it } from 'vitest';
import { LayerspecError, ScaledDotProductAttention, tensor, zerosTensor } from '@layerspec/spec';
import { backends } from '../testing/backends.js';

const graph = new ScaledDotProductAttention({}).build({
  query: { dtype: 'float32', shape: ['b', 't', 8] },
  key: { dtype: 'float32', shape: ['b', 't', 8] },
  value: { dtype: 'float32', shape: ['b', 't', 8] },
});

const seq = (t: number) => ({ query: zerosTensor([1, t, 8]), key: zerosTensor([1, t, 8]), value: zerosTensor([1, t, 8]) });

describe('memory limits', () => {
  it.each(backends())(
    '$name rejects SDPA at sequence 30000 by default, naming the tensor, its shape and bytes; later runs work',
    async ({ b }) => {
      const c = await b.compile(graph);
      const error = await c.run(seq(30000), {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LayerspecError);
      expect(String(error)).toMatch(/over the memory limit of [\d.]+ GiB \(\d+ bytes; the compile option memoryLimitBytes sets it\)/);
      expect(String(error)).toMatch(
        /largest tensor is '[^']+' of shape \[1, 30000, 30000\], 3\.35 GiB \(3600000000 bytes\)|of shape \[1, 30000, 30000\], 6\.71 GiB/,
      );
      const small = {
        query: tensor(
          Float32Array.from({ length: 16 }, (_, i) => i / 16),
          [1, 2, 8],
        ),
        key: zerosTensor([1, 2, 8]),
        value: zerosTensor([1, 2, 8]),
      };
      expect((await c.run(small, {}))['output']!.shape).toEqual([1, 2, 8]);
      c.dispose();
    },
  );

  it.each(backends())('$name takes the limit from the compile option memoryLimitBytes', async ({ b }) => {
    const c = await b.compile(graph, { memoryLimitBytes: 100_000 });
    await expect(c.run(seq(200), {})).rejects.toThrow(/over the memory limit of 97\.7 KiB \(100000 bytes/);
    expect((await c.run(seq(10), {}))['output']!.shape).toEqual([1, 10, 8]);
    c.dispose();
  });
});
