/**
 * The reference engine's Sigmoid keeps relative precision far in the tail (it computes in float64 and
 * rounds once), which the shared op cases, compared to max(1, |expected|), cannot see.
 */
import { expect, it } from 'vitest';
import { GraphBuilder, tensor } from '@layerspec/spec';
import { backend } from '../index.js';

it('Sigmoid(-50) is 1.928749847963918e-22 (scipy.special.expit) to a relative 1e-6', async () => {
  const b = new GraphBuilder('t_Sigmoid');
  b.output('y', b.op1('Sigmoid', [b.input('x', { dtype: 'float32', shape: [2] })]));
  const compiled = await backend.compile(b.build());
  const y = (await compiled.run({ x: tensor([-50, -800], [2]) }, {}))['y']!;
  compiled.dispose();
  expect(Math.abs(y.data[0]! - 1.928749847963918e-22) / 1.928749847963918e-22).toBeLessThan(1e-6);
  expect(y.data[1]).toBe(0);
});
