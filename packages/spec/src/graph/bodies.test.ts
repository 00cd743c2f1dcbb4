/** mapBodies: the one place that knows which ops run nested graphs. */
import { describe, expect, it } from 'vitest';
import { OPS } from '../ops/table.js';
import type { Dim, TensorType } from '../types.js';
import { mapBodies } from './bodies.js';
import { GraphBuilder } from './builder.js';
import { buildScan } from './scan-builder.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });

describe('mapBodies', () => {
  it('visits every op with a graph attribute (a new one must be added to it)', () => {
    const withGraphs = Object.entries(OPS)
      .filter(([, spec]) => Object.values(spec.attrs).some((a: { kind: string }) => a.kind === 'graph'))
      .map(([op]) => op);
    expect(withGraphs).toEqual(['Scan']);
  });

  it("replaces a Scan's body, and returns the node itself when the body comes back unchanged", () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', f32(2, 4, 3));
    const r = buildScan(b, {
      states: [{ name: 'h', value: b.input('h0', f32(2, 3)) }],
      scanInputs: [{ name: 'xt', value: x }],
      captures: [],
      step: (body, [h], [xt]) => ({ states: [body.op1('Add', [h!, xt!])], outputs: [] }),
    });
    b.output('y', r.states[0]!);
    const { nodes } = b.build();
    const scan = nodes.find((n) => n.op === 'Scan')!;
    const identity = nodes.find((n) => n.op === 'Identity')!;
    expect(mapBodies(scan, (body) => body)).toBe(scan);
    expect(
      mapBodies(identity, () => {
        throw new Error('an Identity has no body');
      }),
    ).toBe(identity);
    const renamed = mapBodies(scan, (body) => ({ ...body, name: 'step' }));
    expect(renamed.op === 'Scan' && renamed.attrs.body.name).toBe('step');
    expect(renamed).not.toBe(scan);
  });
});
