import { describe, expect, it } from 'vitest';
import { GRUCell, LayerNormalization, LayerspecError, RNN, initWeights, listBackends, tensor } from '@layerspec/spec';
import { availableThreads, setWasmPaths, webBackend, webgpuBackend } from '../index.js';
import { defaultProviders, hasWebGPU } from './providers.js';

const graph = new LayerNormalization({ epsilon: 1e-5 }).build({ input: { dtype: 'float32', shape: [2, 3] } });

describe('onnxruntime-web options, in Node', () => {
  it('offers no WebGPU here, so onnx-webgpu is not registered', async () => {
    expect(await hasWebGPU()).toBe(false);
    expect(listBackends()).toContain('onnx-web');
    expect(listBackends()).not.toContain('onnx-webgpu');
    expect(webgpuBackend.name).toBe('onnx-webgpu');
  });

  it('runs graphs with a Scan on WebAssembly under onnx-webgpu unless the options name the providers', () => {
    const rnn = new RNN({ cell: new GRUCell({ units: 2 }) }).build({ inputs: { dtype: 'float32', shape: ['b', 't', 3] } });
    expect(defaultProviders('onnx-webgpu', graph)).toEqual(['webgpu']);
    expect(defaultProviders('onnx-webgpu', rnn)).toEqual(['wasm']);
    expect(defaultProviders('onnx-web', graph)).toEqual(['wasm']);
    expect(defaultProviders('onnx-web', rnn)).toEqual(['wasm']);
  });

  it('rejects unknown execution providers and more threads than the runtime has, naming the graph and values', async () => {
    expect(availableThreads()).toBe(1);
    await expect(webBackend.compile(graph, { executionProviders: [] })).rejects.toThrow(LayerspecError);
    await expect(webBackend.compile(graph, { executionProviders: [] })).rejects.toThrow(
      "option 'executionProviders' must list some of wasm, webgpu, got []",
    );
    await expect(webBackend.compile(graph, { threads: 2 })).rejects.toThrow(
      "option 'threads' must be an integer from 1 to 1 (onnxruntime-web runs single-threaded in Node), got 2",
    );
  });

  it('runs with the options it accepts', async () => {
    const compiled = await webBackend.compile(graph, { executionProviders: ['wasm'], threads: 1 });
    try {
      const out = await compiled.run({ input: tensor([1, 2, 3, 4, 6, 8], [2, 3]) }, initWeights(graph, { seed: 1 }));
      expect(Object.values(out)[0]!.shape).toEqual([2, 3]);
    } finally {
      compiled.dispose();
    }
  });

  it('rejects a wasm location that is not a directory URL, and one set after the runtime started', () => {
    expect(() => setWasmPaths('/wasm')).toThrow("the onnxruntime-web wasm location must be a URL prefix ending in '/', got '/wasm'");
    expect(() => setWasmPaths('/wasm/')).toThrow('onnxruntime-web has already started; call setWasmPaths before its first run');
  });
});
