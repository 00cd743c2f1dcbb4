/** The reference's central difference against a derivative known in closed form. */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, getBackend, type HostTensor } from '@layerspec/spec';
import '@layerspec/backend-ref';
import { differenceFeeds, differenceGraph, differentiable, directionalDerivative } from './central-difference.js';

const vec = (data: number[]): HostTensor => ({ dtype: 'float32', shape: [data.length], data: Float32Array.from(data) });

describe('central differences on the reference engine', () => {
  it('match d/dt <r, tanh(x * w)> to float32 rounding of the difference, and leave bool inputs alone', async () => {
    const b = new GraphBuilder('tanh_product');
    const x = b.input('x', { dtype: 'float32', shape: [3] });
    const keep = b.input('keep', { dtype: 'bool', shape: [3] });
    const w = b.param('w', { dtype: 'float32', shape: [3] }, 'ones');
    b.output('y', b.op1('Where', [keep, b.op1('Tanh', [b.op1('Mul', [x, w])]), b.scalar(0)]));
    const graph = b.build();
    expect(differentiable(graph)).toEqual(['x', 'w']);
    const xs = [0.3, -1.2, 2.5];
    const ws = [1.5, 0.7, -0.4];
    const vx = [1, -2, 0.5];
    const vw = [0.25, 1, -1];
    const r = [2, -1, 3];
    const on = [1, 1, 0];
    const inputs = { x: vec(xs), keep: { dtype: 'bool' as const, shape: [3], data: Uint8Array.from(on) } };
    const compiled = await getBackend('ref').compile(differenceGraph(graph, ['x', 'w']));
    const out = await compiled.run(differenceFeeds(inputs, { x: vec(vx), w: vec(vw) }), { w: vec(ws) });
    const d = directionalDerivative(out, { y: vec(r) });
    // d/dt tanh((x + t vx)(w + t vw)) = (1 - tanh^2(xw)) (vx w + x vw), zero where keep is false
    const f32 = (v: number) => Math.fround(v);
    let expected = 0;
    for (let i = 0; i < 3; i++) {
      const [xi, wi] = [f32(xs[i]!), f32(ws[i]!)];
      expected += on[i]! * r[i]! * (1 - Math.tanh(xi * wi) ** 2) * (f32(vx[i]!) * wi + xi * f32(vw[i]!));
    }
    console.log(`relative error ${Math.abs(d - expected) / Math.abs(expected)}`);
    // the difference is rounded to float32 once: ~u = 6e-8 relative, far below the 1e-4 tolerance
    expect(Math.abs(d - expected) / Math.abs(expected)).toBeLessThan(1e-6);
  });
});
