/** The backend profiles and the public per-backend tables derived from them. */
import { listBackends } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { AUTO_ATTENTION, DEFAULT_LAYER_NORM, ONNX_BACKEND_PROFILES } from './profiles.js';

describe('ONNX_BACKEND_PROFILES', () => {
  it('has a profile for every registered onnxruntime backend', () => {
    for (const name of listBackends().filter((n) => n.startsWith('onnx-'))) expect(Object.keys(ONNX_BACKEND_PROFILES)).toContain(name);
  });

  it('AUTO_ATTENTION and DEFAULT_LAYER_NORM read the profiles, backend by backend', () => {
    const names = Object.keys(ONNX_BACKEND_PROFILES).sort();
    expect(Object.keys(AUTO_ATTENTION).sort()).toEqual(names);
    expect(Object.keys(DEFAULT_LAYER_NORM).sort()).toEqual(names);
    for (const [name, p] of Object.entries(ONNX_BACKEND_PROFILES)) {
      expect(Reflect.get(AUTO_ATTENTION, name)).toBe(p.attention);
      expect(Reflect.get(DEFAULT_LAYER_NORM, name)).toBe(p.layerNorm);
    }
    expect(ONNX_BACKEND_PROFILES['onnx-webgpu']).toMatchObject({
      attention: 'decomposed',
      layerNorm: 'decomposed',
      devicePasses: ['exact-trig'],
    });
  });
});
