/** Any non-zero byte of a bool tensor is true, on every backend. */
import { describe, expect, it } from 'vitest';
import { ScaledDotProductAttention, getBackend, tensor, type HostTensor } from '@layerspec/spec';
import { backends } from '../testing/backends.js';

const graph = new ScaledDotProductAttention({}).build({
  query: { dtype: 'float32', shape: ['b', 't', 4] },
  key: { dtype: 'float32', shape: ['b', 's', 4] },
  value: { dtype: 'float32', shape: ['b', 's', 4] },
  attention_mask: { dtype: 'bool', shape: ['b', 't', 's'] },
});

const filled = (shape: number[], salt: number): HostTensor =>
  tensor(
    Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => Math.cos(0.9 * i + salt)),
    shape,
  );

const inputs = (trueByte: number): Record<string, HostTensor> => ({
  query: filled([1, 2, 4], 1),
  key: filled([1, 3, 4], 2),
  value: filled([1, 3, 4], 3),
  attention_mask: { dtype: 'bool', shape: [1, 2, 3], data: Uint8Array.from([trueByte, 0, trueByte, 0, trueByte, trueByte]) },
});

describe('bool masks', () => {
  it.each(backends())('$name reads 255 and 7 as true, as ref reads 1', async ({ name, b }) => {
    const ref = await getBackend('ref').compile(graph);
    const expected = (await ref.run(inputs(1), {}))['output']!.data;
    const c = await b.compile(graph);
    for (const byte of [255, 7]) {
      const got = (await c.run(inputs(byte), {}))['output']!.data;
      got.forEach((v, i) => expect(v, `${name}, true byte ${byte}, value ${i}`).toBeCloseTo(expected[i]!, 5));
    }
    c.dispose();
  });
});
