/** One InferenceSession per compiled graph and weights, shared by concurrent runs, released exactly once. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as ortWeb from 'onnxruntime-web';
import { LayerNormalization, tensor, type Backend, type HostTensor } from '@layerspec/spec';
import { loadNode, type OrtModule } from './ort.js';
import { loadNodeBackend } from './backend.js';
import { webBackend } from './providers.js';

const graph = new LayerNormalization({ axis: -1 }).build({ input: { dtype: 'float32', shape: ['batch', 3] } });
const x = tensor([1, 2, 3, 4, 6, 8], [2, 3]);
const w = (): Record<string, HostTensor> => ({ gamma: tensor([1, 2, 3]), beta: tensor([0, 1, 0]) });

const nodeOrt = await loadNode();
const nodeBackend = await loadNodeBackend();
const cases: { name: string; b: Backend; ort: OrtModule }[] = [
  { name: 'onnx-web', b: webBackend, ort: ortWeb },
  ...(nodeBackend && nodeOrt ? [{ name: 'onnx-node', b: nodeBackend, ort: nodeOrt }] : []),
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(cases)('$name', ({ b, ort }) => {
  const spies = (): { create: ReturnType<typeof vi.spyOn>; release: ReturnType<typeof vi.spyOn> } => ({
    create: vi.spyOn(ort.InferenceSession, 'create'),
    release: vi.spyOn(Reflect.get(ort.InferenceSession, 'prototype') as { release(): Promise<void> }, 'release'),
  });

  it('20 concurrent first runs create one session, and dispose releases it once', async () => {
    const { create, release } = spies();
    const c = await b.compile(graph);
    const weights = w();
    const outs = await Promise.all(Array.from({ length: 20 }, () => c.run({ input: x }, weights)));
    expect(create).toHaveBeenCalledTimes(1);
    for (const o of outs) expect(o['output']!.data).toEqual(outs[0]!['output']!.data);
    c.dispose();
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1));
  });

  it('new weights replace the session and release the old one', async () => {
    const { create, release } = spies();
    const c = await b.compile(graph);
    await c.run({ input: x }, w());
    await c.run({ input: x }, w()); // new arrays, same values: the same session
    expect(create).toHaveBeenCalledTimes(1);
    await c.run({ input: x }, { ...w(), beta: tensor([5, 5, 5]) });
    expect(create).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1));
    c.dispose();
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(2));
  });

  it('dispose during a run lets the run finish, then releases the session; a later run is a clear error', async () => {
    const { release } = spies();
    const c = await b.compile(graph);
    const running = c.run({ input: x }, w());
    c.dispose();
    const out = await running;
    expect(out['output']!.shape).toEqual([2, 3]);
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1));
    await expect(c.run({ input: x }, w())).rejects.toThrow(/LayerNormalization: this compiled graph was disposed/);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it("bind creates one session of its own, runs reuse it, and dispose (or the graph's) releases it once", async () => {
    const { create, release } = spies();
    const c = await b.compile(graph);
    const weights = w();
    const bound = await c.bind(weights);
    expect(create).toHaveBeenCalledTimes(1);
    weights['beta']!.data[0] = 7;
    for (let i = 0; i < 5; i++) expect((await bound.run({ input: x }))['output']!.data[0]).toBeCloseTo(-1.224, 2);
    expect(create).toHaveBeenCalledTimes(1);
    const running = bound.run({ input: x });
    bound.dispose();
    await running;
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(1));
    const other = await c.bind(weights);
    expect((await other.run({ input: x }))['output']!.data[0]).toBeCloseTo(7 - 1.224, 2);
    c.dispose();
    await vi.waitFor(() => expect(release).toHaveBeenCalledTimes(2));
    await expect(other.run({ input: x })).rejects.toThrow(/LayerNormalization: this bound graph was disposed/);
    expect(create).toHaveBeenCalledTimes(2);
  });
});
