/** The backends' contract: registration, bindRun errors, session reuse across weight changes, dispose. */
import { describe, expect, it } from 'vitest';
import { LayerNormalization, getBackend, listBackends, tensor, type HostTensor } from '@layerspec/spec';
import { backend, nodeBackend, webBackend } from './index.js';

const graph = new LayerNormalization({ axis: -1 }).build({ input: { dtype: 'float32', shape: ['batch', 3] } });
const x = tensor([1, 2, 3, 4, 6, 8], [2, 3]);
const w = (g: number, b: number): Record<string, HostTensor> => ({ gamma: tensor([g, g, g]), beta: tensor([b, b, b]) });

it('registers onnx-web and onnx-node; backend is onnx-web', () => {
  expect(backend).toBe(webBackend);
  expect(listBackends()).toEqual(expect.arrayContaining(['onnx-web', 'onnx-node']));
  expect(getBackend('onnx-web')).toBe(webBackend);
  expect(getBackend('onnx-node')).toBe(nodeBackend);
});

describe.each([webBackend, ...(nodeBackend ? [nodeBackend] : [])].map((b) => ({ b, name: b.name })))('$name', ({ b }) => {
  it('follows weight changes (new arrays recreate the session) and rejects runs after dispose', async () => {
    const c = await b.compile(graph);
    const w1 = w(1, 0);
    const a = await c.run({ input: x }, w1);
    const again = await c.run({ input: x }, w1);
    expect(Array.from(again['output']!.data)).toEqual(Array.from(a['output']!.data));
    const shifted = await c.run({ input: x }, w(2, 1));
    shifted['output']!.data.forEach((v, i) => expect(v).toBeCloseTo(2 * a['output']!.data[i]! + 1, 5));
    c.dispose();
    await expect(c.run({ input: x }, w1)).rejects.toThrow(/disposed/);
  });

  it('checks inputs with bindRun before onnxruntime sees them', async () => {
    const c = await b.compile(graph);
    await expect(c.run({ input: tensor([1, 2], [1, 2]) }, w(1, 0))).rejects.toThrow(/input 'input' dim 1 must be 3/);
    await expect(c.run({ input: x }, {})).rejects.toThrow(/missing weight 'gamma'/);
    c.dispose();
  });
});
