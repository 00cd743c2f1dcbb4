/**
 * A wasm module that fails (out of bounds, Aborted()) fails every later call into it: the backend replaces
 * it, so the next run works. The real failure needs a 4 GB allocation; here a kernel fails as it would.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MultiHeadAttention, initWeights, tensor } from '@layerspec/spec';
import { wasmBackend } from './backend.js';
import { wasmRuntimeGeneration } from './runtime.js';
import { tf } from './tf.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('tfjs-wasm after its module fails', () => {
  it('restarts the runtime; later runs re-upload their weights and give the same outputs', async () => {
    const graph = new MultiHeadAttention({ numHeads: 2, keyDim: 2 }).build({
      query: { dtype: 'float32', shape: ['b', 't', 4] },
      value: { dtype: 'float32', shape: ['b', 's', 4] },
    });
    const inputs = {
      query: tensor(
        Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)),
        [2, 3, 4],
      ),
      value: tensor(
        Float32Array.from({ length: 40 }, (_, i) => Math.cos(i)),
        [2, 5, 4],
      ),
    };
    const weights = initWeights(graph);
    const c = await wasmBackend.compile(graph);
    const before = await c.run(inputs, weights);
    const engine = tf.engine();
    const runKernel = engine.runKernel.bind(engine);
    vi.spyOn(engine, 'runKernel')
      .mockImplementationOnce(() => {
        const e = new Error('memory access out of bounds');
        e.name = 'RuntimeError';
        throw e;
      })
      .mockImplementation(runKernel);
    const generation = wasmRuntimeGeneration();
    await expect(c.run(inputs, weights)).rejects.toThrow('memory access out of bounds');
    expect(wasmRuntimeGeneration()).toBe(generation + 1);
    expect(tf.getBackend()).toBe('wasm');
    expect((await c.run(inputs, weights))['output']!.data).toEqual(before['output']!.data);
    c.dispose();
  });

  it('a bound runner uploads its weights again after the restart, and disposes cleanly', async () => {
    const graph = new MultiHeadAttention({ numHeads: 2, keyDim: 2 }).build({
      query: { dtype: 'float32', shape: ['b', 't', 4] },
      value: { dtype: 'float32', shape: ['b', 's', 4] },
    });
    const inputs = {
      query: tensor(
        Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)),
        [2, 3, 4],
      ),
      value: tensor(
        Float32Array.from({ length: 40 }, (_, i) => Math.cos(i)),
        [2, 5, 4],
      ),
    };
    const c = await wasmBackend.compile(graph);
    const bound = await c.bind(initWeights(graph));
    const before = await bound.run(inputs);
    const engine = tf.engine();
    const runKernel = engine.runKernel.bind(engine);
    vi.spyOn(engine, 'runKernel')
      .mockImplementationOnce(() => {
        const e = new Error('memory access out of bounds');
        e.name = 'RuntimeError';
        throw e;
      })
      .mockImplementation(runKernel);
    const generation = wasmRuntimeGeneration();
    await expect(bound.run(inputs)).rejects.toThrow('memory access out of bounds');
    expect(wasmRuntimeGeneration()).toBe(generation + 1);
    expect((await bound.run(inputs))['output']!.data).toEqual(before['output']!.data);
    const stale = await c.bind(initWeights(graph));
    vi.spyOn(engine, 'runKernel').mockImplementationOnce(() => {
      const e = new Error('memory access out of bounds');
      e.name = 'RuntimeError';
      throw e;
    });
    await expect(bound.run(inputs)).rejects.toThrow('memory access out of bounds');
    // Its tensors were uploaded to the module replaced since: dispose does not throw.
    expect(() => stale.dispose()).not.toThrow();
    expect((await bound.run(inputs))['output']!.data).toEqual(before['output']!.data);
    c.dispose();
  });
});
