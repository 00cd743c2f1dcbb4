import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import { tensor } from '../tensor.js';
import type { HostTensor } from '../types.js';
import { WeightSnapshot, sameContent } from './weight-snapshot.js';

function graph(): ReturnType<GraphBuilder['build']> {
  const b = new GraphBuilder('g');
  const x = b.input('x', { dtype: 'float32', shape: [2] });
  const w = b.param('w', { dtype: 'float32', shape: [2] }, 'zeros');
  const m = b.param('m', { dtype: 'bool', shape: [2] }, 'zeros');
  b.output('y', b.op1('Where', [m, b.op1('Add', [x, w]), x]));
  return b.build();
}

describe('WeightSnapshot', () => {
  const g = graph();
  const weights = (): Record<string, HostTensor> => ({ w: tensor([1, 2]), m: tensor([1, 0], [2], 'bool') });

  it('reports every weight on first use, none when nothing changed, even for new arrays of the same values', () => {
    const s = new WeightSnapshot();
    expect(s.update(g, weights())).toEqual(['w', 'm']);
    expect(s.update(g, weights())).toEqual([]);
  });

  it('sees a change made in place, and holds a copy the caller cannot change', () => {
    const s = new WeightSnapshot();
    const given = weights();
    s.update(g, given);
    given['w']!.data[1] = 5;
    expect(s.update(g, given)).toEqual(['w']);
    given['w']!.data[0] = 7;
    expect(Array.from(s.get('w').data)).toEqual([1, 5]);
  });

  it('compares floats bit for bit (NaN equals itself, -0 differs from 0)', () => {
    const s = new WeightSnapshot();
    s.update(g, { ...weights(), w: tensor([NaN, 0]) });
    expect(s.update(g, { ...weights(), w: tensor([NaN, 0]) })).toEqual([]);
    expect(s.update(g, { ...weights(), w: tensor([NaN, -0]) })).toEqual(['w']);
  });

  it('stores bools as 0 and 1, and reads any non-zero byte as true', () => {
    const s = new WeightSnapshot();
    s.update(g, { ...weights(), m: { dtype: 'bool', shape: [2], data: Uint8Array.from([255, 0]) } });
    expect(Array.from(s.get('m').data)).toEqual([1, 0]);
    expect(s.update(g, weights())).toEqual([]);
  });
});

describe('sameContent', () => {
  // Without Node's Buffer (in a browser) the comparison is a loop over 32-bit words: both must agree.
  it.each([
    { path: 'memcmp', compare: undefined },
    { path: 'the loop', compare: null },
  ])('compares bit for bit through $path', ({ compare }) => {
    const same = (a: HostTensor, b: HostTensor): boolean => (compare === null ? sameContent(a, b, null) : sameContent(a, b));
    const f = (...v: number[]): HostTensor => tensor(v);
    expect(same(f(1, NaN, 0), f(1, NaN, 0))).toBe(true);
    expect(same(f(1, 2, 0), f(1, 2, -0))).toBe(false);
    expect(same(f(1, 2, 3), f(1, 2, 3.0000002))).toBe(false);
    expect(same(f(1, 2), f(1, 2, 3))).toBe(false);
    const sub = new Float32Array([9, 1, 2]).subarray(1);
    expect(same(f(1, 2), { dtype: 'float32', shape: [2], data: sub })).toBe(true);
  });
});
