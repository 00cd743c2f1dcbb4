/** chooseComposites: keeping or inlining composite regions, in the graph and in nested Scan bodies. */
import { describe, expect, it } from 'vitest';
import type { Dim, TensorType } from '../types.js';
import { mapBodies } from './bodies.js';
import { GraphBuilder, type Value } from './builder.js';
import { chooseComposites } from './choose-composites.js';
import { buildScan } from './scan-builder.js';
import type { CompositeOp, CompositeRegion, Graph } from './types.js';
import { verifyGraph } from './verify.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });

/** One region of `op` around a Relu of `x` (rewritable for 'Attention', as attention regions are). */
function region(b: GraphBuilder, op: CompositeOp, x: Value): Value {
  const spec = { sinceOpset: 17, attrs: {}, ...(op === 'Attention' ? { rewritable: true } : {}) };
  const [y] = b.composite(op, spec, [x], () => [b.op1('Relu', [x])] as const);
  return y;
}

/** A Scan step holding a LayerNormalization region and an inner Scan whose step holds an Attention region. */
function nested(): Graph {
  const b = new GraphBuilder('outer');
  const x = b.input('x', f32('batch', 'time', 3));
  const h0 = b.input('h0', f32('batch', 3));
  const top = region(b, 'Attention', region(b, 'LayerNormalization', h0));
  const r = buildScan(b, {
    states: [{ name: 'h', value: top }],
    scanInputs: [{ name: 'xt', value: x }],
    captures: [],
    step: (body, [h], [xt]) => {
      const normed = region(body, 'LayerNormalization', body.op1('Add', [h!, xt!]));
      const inner = buildScan(body, {
        states: [{ name: 'g', value: normed }],
        scanInputs: [{ name: 'xs', value: xt! }],
        captures: [],
        step: (deep, [g]) => ({ states: [region(deep, 'Attention', g!)], outputs: [] }),
      });
      return { states: [inner.states[0]!], outputs: [] };
    },
  });
  b.output('y', r.states[0]!);
  return b.build();
}

/** The regions of `graph` and of every body in it, outermost first, with the name of the graph holding each. */
function regions(graph: Graph): [string, string, boolean | undefined][] {
  const found: [string, string, boolean | undefined][] = (graph.composites ?? []).map((r) => [graph.name, r.op, r.rewritable]);
  for (const node of graph.nodes)
    mapBodies(node, (body) => {
      found.push(...regions(body));
      return body;
    });
  return found;
}

describe('chooseComposites', () => {
  const g = nested();
  const inner = 'outer: scan body: scan body';
  const scope = 'outer: scan body';

  it('builds the nested fixture it walks', () => {
    expect(regions(g)).toEqual([
      ['outer', 'LayerNormalization', undefined],
      ['outer', 'Attention', true],
      [scope, 'LayerNormalization', undefined],
      [inner, 'Attention', true],
    ]);
    verifyGraph(g);
  });

  it('drops the regions of one op that keep rejects, at every depth, and leaves the others as they are', () => {
    const asked: string[] = [];
    const out = chooseComposites(g, 'LayerNormalization', (r, where) => {
      asked.push(`${where.name}: ${r.op}`);
      return false;
    });
    expect(asked.sort()).toEqual([`outer: LayerNormalization`, `${scope}: LayerNormalization`]);
    expect(regions(out)).toEqual([
      ['outer', 'Attention', true],
      [inner, 'Attention', true],
    ]);
    // Only the regions changed: every node (and Scan attribute but the bodies) stays.
    expect(out.nodes.map((n) => n.name)).toEqual(g.nodes.map((n) => n.name));
    verifyGraph(out);
  });

  it('fixes the kept regions (the passes then leave them whole), in the bodies too', () => {
    const out = chooseComposites(g, 'Attention', (r: CompositeRegion) => r.op === 'Attention');
    expect(regions(out)).toEqual([
      ['outer', 'LayerNormalization', undefined],
      ['outer', 'Attention', undefined],
      [scope, 'LayerNormalization', undefined],
      [inner, 'Attention', undefined],
    ]);
    const innerOnly = chooseComposites(g, 'Attention', (_, where) => where.name === inner);
    expect(regions(innerOnly).filter(([, op]) => op === 'Attention')).toEqual([[inner, 'Attention', undefined]]);
  });

  it('returns the graph itself, and each body itself, when nothing changes', () => {
    expect(chooseComposites(g, 'LayerNormalization', () => true)).toBe(g);
    expect(chooseComposites(g, 'RMSNormalization', () => false)).toBe(g);
    // Only the Scan body changes: the outer graph's other nodes and its regions are the same objects.
    const out = chooseComposites(g, 'LayerNormalization', (_, where) => where.name === 'outer');
    const same = out.nodes.filter((n, i) => n === g.nodes[i]).map((n) => n.op);
    expect(same).not.toContain('Scan');
    expect(same).toHaveLength(g.nodes.length - 1);
    expect(out.composites?.every((r, i) => r === g.composites?.[i])).toBe(true);
  });
});
