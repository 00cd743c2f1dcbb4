import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import { layerFromJSON } from '../layers/from-json.js';
import { errorOf } from '../testing/helpers.js';
import type { InitializerSpec } from './spec.js';
import { initWeights } from './init-weights.js';

/** A graph with one weight initialized by `init`, as a graph document could carry it. */
function initOne(init: unknown): string {
  const b = new GraphBuilder('g');
  const w = b.param('w', { dtype: 'float32', shape: [3, 3] }, init as InitializerSpec);
  b.output('y', b.op1('Identity', [w]));
  return errorOf(() => initWeights(b.build()));
}

describe('initializers never make NaN weights', () => {
  it('rejects a constant of NaN or Infinity', () => {
    expect(initOne({ name: 'constant', value: NaN })).toBe("initWeights: weight 'w': constant 'value' must be a finite number, got NaN");
    expect(initOne({ name: 'constant', value: Infinity })).toContain('must be a finite number, got Infinity');
  });

  it('rejects a negative or zero fan, or a fan that is not a number', () => {
    expect(initOne({ name: 'glorotUniform', fanIn: -10 })).toBe("initWeights: weight 'w': glorotUniform 'fanIn' must be > 0, got -10");
    expect(initOne({ name: 'glorotUniform', fanOut: 0 })).toContain("glorotUniform 'fanOut' must be > 0, got 0");
    expect(initOne({ name: 'glorotUniform', fanIn: '3' })).toContain('got the string "3"');
  });

  it('rejects a gain that is not a finite number', () => {
    expect(initOne({ name: 'orthogonal', gain: 'big' })).toBe(
      "initWeights: weight 'w': orthogonal 'gain' must be a finite number, got the string \"big\"",
    );
  });

  it('checks every block of a blocks initializer', () => {
    expect(initOne({ name: 'blocks', blocks: [{ size: 3, init: { name: 'constant', value: NaN } }] })).toContain(
      'blocks[0].init: constant',
    );
    expect(initOne({ name: 'blocks', blocks: [{ size: -1, init: 'zeros' }] })).toContain('blocks[0].size must be an integer >= 1');
  });

  it('rejects the same specs in a layer config, naming the layer and the key', () => {
    const config = (kernelInitializer: unknown): string =>
      errorOf(() => layerFromJSON({ className: 'MultiHeadAttention', config: { numHeads: 2, keyDim: 4, kernelInitializer } }));
    expect(config({ name: 'constant', value: NaN })).toBe(
      "MultiHeadAttention: config 'kernelInitializer' constant 'value' must be a finite number, got NaN",
    );
    expect(config({ name: 'orthogonal', gain: 'big' })).toContain("orthogonal 'gain' must be a finite number");
    expect(config({ name: 'glorotUniform', fanIn: -1 })).toContain("'fanIn' must be > 0");
  });
});

describe('initializers never throw a raw RangeError', () => {
  it('rejects a weight too large for one array, naming it, its shape and its bytes', () => {
    const b = new GraphBuilder('big');
    const w = b.param('w', { dtype: 'float32', shape: [100000, 100000] }, 'zeros');
    b.output('y', b.op1('Identity', [w]));
    expect(errorOf(() => initWeights(b.build()))).toBe(
      "initWeights: weight 'w': shape [100000, 100000] has 10000000000 values (40000000000 bytes as float32), more than one weight may hold (2147483647 values)",
    );
  });

  it('rejects numHeads: 1e9 when the weights are made', () => {
    const layer = layerFromJSON({ className: 'MultiHeadAttention', config: { numHeads: 1e9, keyDim: 4 } });
    const g = layer.build({ query: { dtype: 'float32', shape: ['b', 't', 8] }, value: { dtype: 'float32', shape: ['b', 's', 8] } });
    expect(errorOf(() => initWeights(g))).toMatch(/^initWeights: weight '[^']+': shape \[8, 1000000000, 4\] has 32000000000 values/);
  });
});
