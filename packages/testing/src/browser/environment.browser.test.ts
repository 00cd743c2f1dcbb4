/**
 * In headless Chromium (SwiftShader), every browser runtime registers and no Node one does: the GPU
 * backends because the page offers WebGL and a WebGPU adapter, onnx-node never.
 */
import { describe, expect, it } from 'vitest';
import { listBackends } from '@layerspec/spec';
import { nodeBackend } from '@layerspec/backend-onnx';
import { BROWSER_BACKENDS, BROWSER_TARGETS } from './targets.js';

describe('in Chromium', () => {
  it('registers every browser backend, GPU ones included, and not onnx-node', () => {
    expect([...listBackends()].sort()).toEqual([...BROWSER_BACKENDS].sort());
    expect(nodeBackend).toBeUndefined();
  });
  it('runs the suites on each of them', () => {
    expect(BROWSER_TARGETS.map((t) => t.label).sort()).toEqual(
      ['ref', 'tfjs-cpu', 'tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu', 'onnx-web@17', 'onnx-webgpu@17'].sort(),
    );
  });
});
