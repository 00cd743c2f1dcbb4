/**
 * The ONNX backends hand out onnxruntime's output arrays and wrap the caller's input arrays without
 * copies: no later run may write an array a caller holds, and no run may write an input.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type Backend, type HostTensor } from '@layerspec/spec';
import { loadNodeBackend } from './backend.js';
import { webBackend } from './providers.js';

const f32 = (data: number[], shape: number[]): HostTensor => ({ dtype: 'float32', shape, data: Float32Array.from(data) });

function graph() {
  const b = new GraphBuilder('fresh');
  const x = b.input('x', { dtype: 'float32', shape: ['n'] });
  const m = b.input('m', { dtype: 'bool', shape: ['n'] });
  const y = b.value(x).add(b.scalar(1));
  b.output('y', y);
  b.output('alsoY', y);
  b.output('kept', b.op1('Where', [m, x, b.scalar(0)]));
  b.output('notM', b.op1('Not', [m]));
  return b.build();
}

const backends: Backend[] = [webBackend];
const node = await loadNodeBackend();
if (node) backends.push(node);

describe.each(backends.map((b) => [b.name, b] as const))('%s', (_name, backend) => {
  it('returns arrays no later run writes, leaves inputs untouched, and gives two outputs of one value two arrays', async () => {
    const compiled = await backend.compile(graph());
    try {
      const x = f32([1, 2, 3], [3]);
      const m: HostTensor = { dtype: 'bool', shape: [3], data: Uint8Array.from([1, 0, 2]) };
      const first = await compiled.run({ x, m }, {});
      expect(Array.from(first['y']!.data)).toEqual([2, 3, 4]);
      expect(Array.from(first['kept']!.data)).toEqual([1, 0, 3]);
      expect(Array.from(first['notM']!.data)).toEqual([0, 1, 0]);
      expect(first['alsoY']!.data).not.toBe(first['y']!.data);
      first['alsoY']!.data[0] = 99;
      expect(first['y']!.data[0]).toBe(2);
      await compiled.run({ x: f32([10, 20, 30], [3]), m }, {});
      expect(Array.from(first['y']!.data)).toEqual([2, 3, 4]);
      expect(Array.from(x.data)).toEqual([1, 2, 3]);
      expect(Array.from(m.data)).toEqual([1, 0, 2]);
    } finally {
      compiled.dispose();
    }
  });
});
