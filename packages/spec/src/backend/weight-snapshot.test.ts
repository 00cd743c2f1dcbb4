import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import { tensor } from '../tensor.js';
import type { HostTensor } from '../types.js';
import { WeightSnapshot } from './weight-snapshot.js';

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
