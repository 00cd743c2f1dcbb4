import { describe, expect, it } from 'vitest';
import { listBackends } from '@layerspec/spec';
import { crossOriginIsolated, hasWebGL, hasWebGPU } from './environment.js';
import { setWasmPaths, webglBackend, webgpuBackend } from './index.js';

describe('the GPU runtimes, in Node', () => {
  it('are not offered here, so tfjs-webgl and tfjs-webgpu are not registered', async () => {
    expect(hasWebGL()).toBe(false);
    expect(await hasWebGPU()).toBe(false);
    expect(crossOriginIsolated()).toBe(false);
    expect(listBackends().filter((n) => n.startsWith('tfjs-'))).toEqual(['tfjs-cpu', 'tfjs-wasm']);
    expect([webglBackend.name, webgpuBackend.name]).toEqual(['tfjs-webgl', 'tfjs-webgpu']);
  });

  it('setWasmPaths wants a directory URL', () => {
    expect(() => setWasmPaths('/wasm')).toThrow("the tfjs wasm location must be a URL prefix ending in '/', got '/wasm'");
  });
});
