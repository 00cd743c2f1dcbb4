import { describe, it, expect } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import { graphFromJSON } from '../graph/serialize.js';
import type { Graph } from '../graph/types.js';
import { errorOf } from '../testing/helpers.js';
import type { DType, HostTensor } from '../types.js';
import { initWeights } from './init-weights.js';
import { generate, kerasFans } from './initializers.js';
import { Random, hashString } from './random.js';
import type { InitializerLike, InitializerSpec } from './spec.js';

interface ParamDecl {
  name: string;
  shape: number[];
  init: InitializerLike;
  dtype?: DType;
}

/** A graph with exactly these params (and one trivial input/output so it is a valid graph). */
function graphWith(params: ParamDecl[]): Graph {
  const b = new GraphBuilder('g');
  for (const p of params) b.param(p.name, { dtype: p.dtype ?? 'float32', shape: p.shape }, p.init);
  b.output('y', b.input('x', { dtype: 'float32', shape: [1] }));
  return b.build();
}

const bytes = (t: HostTensor | undefined): number[] => {
  expect(t).toBeDefined();
  return Array.from(new Uint8Array(t!.data.buffer, t!.data.byteOffset, t!.data.byteLength));
};

const gen = (spec: InitializerSpec, shape: number[], seed = 1): Float32Array => generate(spec, shape, new Random(seed), 'test');

function stats(values: ArrayLike<number>): { mean: number; variance: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i]! - mean) ** 2;
  return { mean, variance: sq / values.length, min, max };
}

/** (rows, cols) row-major matrix product a^T a (cols x cols) when `transposeFirst`, else a a^T (rows x rows). */
function gram(a: Float32Array, rows: number, cols: number, transposeFirst: boolean): number[][] {
  const n = transposeFirst ? cols : rows;
  const k = transposeFirst ? rows : cols;
  const at = (i: number, j: number): number => (transposeFirst ? a[j * cols + i]! : a[i * cols + j]!);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let m = 0; m < k; m++) s += at(i, m) * at(j, m);
      return s;
    }),
  );
}

function expectScaledIdentity(m: number[][], scale: number, tolerance = 1e-5): void {
  m.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - (i === j ? scale : 0))).toBeLessThan(tolerance)));
}

describe('initWeights', () => {
  const params: ParamDecl[] = [
    { name: 'dense/kernel', shape: [16, 8], init: 'glorotUniform' },
    { name: 'dense/bias', shape: [8], init: 'zeros' },
    { name: 'rnn/recurrent_kernel', shape: [6, 6], init: 'orthogonal' },
  ];

  it('gives one tensor per param, with its name, dtype and shape', () => {
    const w = initWeights(graphWith(params), { seed: 3 });
    expect(Object.keys(w)).toEqual(['dense/kernel', 'dense/bias', 'rnn/recurrent_kernel']);
    expect(w['dense/kernel']!.shape).toEqual([16, 8]);
    expect(w['dense/kernel']!.data).toBeInstanceOf(Float32Array);
    expect(w['dense/kernel']!.data).toHaveLength(128);
    expect(w['dense/bias']).toEqual({ dtype: 'float32', shape: [8], data: new Float32Array(8) });
  });

  it('same seed, same bytes', () => {
    const a = initWeights(graphWith(params), { seed: 42 });
    const b = initWeights(graphWith(params), { seed: 42 });
    for (const p of params) expect(bytes(b[p.name])).toEqual(bytes(a[p.name]));
  });

  it('the default seed is 0', () => {
    const a = initWeights(graphWith(params));
    const b = initWeights(graphWith(params), { seed: 0 });
    expect(bytes(a['dense/kernel'])).toEqual(bytes(b['dense/kernel']));
  });

  it('a different seed gives different random weights', () => {
    const a = initWeights(graphWith(params), { seed: 1 });
    const b = initWeights(graphWith(params), { seed: 2 });
    expect(bytes(b['dense/kernel'])).not.toEqual(bytes(a['dense/kernel']));
    expect(bytes(b['rnn/recurrent_kernel'])).not.toEqual(bytes(a['rnn/recurrent_kernel']));
    expect(bytes(b['dense/bias'])).toEqual(bytes(a['dense/bias']));
  });

  it('two weights of the same shape and initializer differ', () => {
    const w = initWeights(
      graphWith([
        { name: 'a', shape: [4, 4], init: 'glorotUniform' },
        { name: 'b', shape: [4, 4], init: 'glorotUniform' },
      ]),
    );
    expect(bytes(w['a'])).not.toEqual(bytes(w['b']));
  });

  it('each weight draws its own stream: adding or reordering params changes no existing weight', () => {
    const before = initWeights(graphWith(params), { seed: 7 });
    const more: ParamDecl[] = [
      { name: 'extra/first', shape: [32, 32], init: 'orthogonal' },
      params[2]!,
      { name: 'extra/middle', shape: [100], init: 'glorotUniform' },
      params[0]!,
      params[1]!,
    ];
    const after = initWeights(graphWith(more), { seed: 7 });
    for (const p of params) expect(bytes(after[p.name])).toEqual(bytes(before[p.name]));
  });

  it('fills int32 and bool params with their own array types', () => {
    const w = initWeights(
      graphWith([
        { name: 'count', shape: [3], init: { name: 'constant', value: 2.9 }, dtype: 'int32' },
        { name: 'flags', shape: [2], init: 'ones', dtype: 'bool' },
        { name: 'off', shape: [2], init: 'zeros', dtype: 'bool' },
      ]),
    );
    expect(w['count']).toEqual({ dtype: 'int32', shape: [3], data: Int32Array.from([2, 2, 2]) });
    expect(w['flags']).toEqual({ dtype: 'bool', shape: [2], data: Uint8Array.from([1, 1]) });
    expect(w['off']).toEqual({ dtype: 'bool', shape: [2], data: Uint8Array.from([0, 0]) });
  });

  it('scalar weights work', () => {
    const w = initWeights(graphWith([{ name: 'scale', shape: [], init: 'ones' }]));
    expect(w['scale']).toEqual({ dtype: 'float32', shape: [], data: Float32Array.from([1]) });
  });

  it('names the weight when its initializer cannot fill it', () => {
    const g = graphWith([{ name: 'cell/recurrent_kernel', shape: [4], init: 'orthogonal' }]);
    expect(errorOf(() => initWeights(g))).toBe(
      "initWeights: weight 'cell/recurrent_kernel': orthogonal needs a weight of rank >= 2, got rank 1",
    );
  });

  it('rejects an unknown initializer from a graph document instead of returning no data', () => {
    const doc = {
      format: 'layerspec.graph',
      version: 1,
      graph: {
        name: 'g',
        inputs: [],
        params: [{ name: 'w', type: { dtype: 'float32', shape: [2] }, init: { name: 'heNormal' } }],
        outputs: [],
        nodes: [],
      },
    };
    const message = errorOf(() => initWeights(graphFromJSON(doc)));
    expect(message).toContain("weight 'w'");
    expect(message).toContain('heNormal');
  });
});

describe('kerasFans', () => {
  it('follows the Keras rule', () => {
    expect(kerasFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(kerasFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(kerasFans([3, 5])).toEqual({ fanIn: 3, fanOut: 5 });
    expect(kerasFans([4, 3, 5])).toEqual({ fanIn: 12, fanOut: 20 });
    expect(kerasFans([2, 3, 4, 5])).toEqual({ fanIn: 24, fanOut: 30 });
  });
});

describe('initializers', () => {
  it('zeros, ones and constant fill every entry', () => {
    expect(Array.from(gen({ name: 'zeros' }, [2, 3]))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(gen({ name: 'ones' }, [3]))).toEqual([1, 1, 1]);
    expect(Array.from(gen({ name: 'constant', value: -2.5 }, [2, 2]))).toEqual([-2.5, -2.5, -2.5, -2.5]);
    expect(gen({ name: 'ones' }, [0, 4])).toHaveLength(0);
  });

  it('glorotUniform stays within sqrt(6 / (fanIn + fanOut)) and has variance limit^2 / 3', () => {
    const shape = [300, 200];
    const limit = Math.sqrt(6 / (300 + 200));
    const s = stats(gen({ name: 'glorotUniform' }, shape));
    expect(s.max).toBeLessThanOrEqual(limit);
    expect(s.min).toBeGreaterThanOrEqual(-limit);
    expect(s.max).toBeGreaterThan(0.999 * limit);
    expect(s.min).toBeLessThan(-0.999 * limit);
    expect(Math.abs(s.mean)).toBeLessThan(0.01 * limit);
    expect(s.variance / ((limit * limit) / 3)).toBeGreaterThan(0.98);
    expect(s.variance / ((limit * limit) / 3)).toBeLessThan(1.02);
  });

  it('glorotUniform uses the Keras fans for rank > 2, and explicit fans when given', () => {
    const rank3 = stats(gen({ name: 'glorotUniform' }, [3, 40, 50]));
    const limit3 = Math.sqrt(6 / (3 * 40 + 3 * 50));
    expect(rank3.max).toBeLessThanOrEqual(limit3);
    expect(rank3.max).toBeGreaterThan(0.99 * limit3);
    const explicit = stats(gen({ name: 'glorotUniform', fanIn: 1, fanOut: 2 }, [50, 50]));
    expect(explicit.max).toBeLessThanOrEqual(Math.sqrt(2));
    expect(explicit.max).toBeGreaterThan(0.99 * Math.sqrt(2));
  });

  it('orthogonal: Q^T Q = I for a tall matrix', () => {
    expectScaledIdentity(gram(gen({ name: 'orthogonal' }, [12, 5]), 12, 5, true), 1);
  });

  it('orthogonal: Q Q^T = I for a wide matrix', () => {
    expectScaledIdentity(gram(gen({ name: 'orthogonal' }, [5, 12]), 5, 12, false), 1);
  });

  it('orthogonal: square matrices are orthogonal both ways, and not the identity', () => {
    const q = gen({ name: 'orthogonal' }, [8, 8]);
    expectScaledIdentity(gram(q, 8, 8, true), 1);
    expectScaledIdentity(gram(q, 8, 8, false), 1);
    expect(Math.abs(q[0]!)).toBeLessThan(0.999);
  });

  it('orthogonal: gain scales Q, so Q^T Q = gain^2 I', () => {
    const q = gen({ name: 'orthogonal', gain: 2 }, [10, 4]);
    expectScaledIdentity(gram(q, 10, 4, true), 4, 4e-5);
  });

  it('orthogonal: a rank-3 weight is orthogonal over (prod(leading dims), last dim)', () => {
    expectScaledIdentity(gram(gen({ name: 'orthogonal' }, [2, 3, 4]), 6, 4, true), 1);
  });

  it('orthogonal: rejects rank < 2', () => {
    expect(errorOf(() => gen({ name: 'orthogonal' }, [5]))).toBe('test: orthogonal needs a weight of rank >= 2, got rank 1');
  });

  it('blocks: an LSTM forget-gate bias is zeros(u), ones(u), zeros(2u)', () => {
    const u = 3;
    const spec: InitializerSpec = {
      name: 'blocks',
      blocks: [
        { size: u, init: { name: 'zeros' } },
        { size: u, init: { name: 'ones' } },
        { size: 2 * u, init: { name: 'zeros' } },
      ],
    };
    expect(Array.from(gen(spec, [4 * u]))).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const w = initWeights(graphWith([{ name: 'cell/bias', shape: [4 * u], init: spec }]));
    expect(Array.from(w['cell/bias']!.data)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('blocks apply along the last axis of every row', () => {
    const spec: InitializerSpec = {
      name: 'blocks',
      blocks: [
        { size: 1, init: { name: 'constant', value: 5 } },
        { size: 2, init: { name: 'ones' } },
      ],
    };
    expect(Array.from(gen(spec, [2, 3]))).toEqual([5, 1, 1, 5, 1, 1]);
  });

  it('blocks may hold random initializers, each bounded by its own block shape', () => {
    const spec: InitializerSpec = {
      name: 'blocks',
      blocks: [
        { size: 50, init: { name: 'glorotUniform' } },
        { size: 50, init: { name: 'zeros' } },
      ],
    };
    const values = gen(spec, [40, 100]);
    const limit = Math.sqrt(6 / (40 + 50));
    for (let r = 0; r < 40; r++) {
      for (let c = 0; c < 100; c++) {
        const v = values[r * 100 + c]!;
        if (c < 50) expect(Math.abs(v)).toBeLessThanOrEqual(limit);
        else expect(v).toBe(0);
      }
    }
  });

  it('blocks must cover the last dim exactly', () => {
    const spec: InitializerSpec = {
      name: 'blocks',
      blocks: [
        { size: 4, init: { name: 'zeros' } },
        { size: 6, init: { name: 'ones' } },
      ],
    };
    expect(errorOf(() => gen(spec, [12]))).toBe('test: blocks cover 10 entries of a last dim of 12');
  });
});

describe('Random', () => {
  const draw = (r: Random, n: number): number[] => Array.from({ length: n }, () => r.nextUint32());

  it('same seed, same stream', () => {
    expect(draw(new Random(123), 1000)).toEqual(draw(new Random(123), 1000));
    expect(draw(new Random(123, 9), 100)).toEqual(draw(new Random(123, 9), 100));
  });

  it('different seeds or salts give different streams', () => {
    expect(draw(new Random(1), 8)).not.toEqual(draw(new Random(2), 8));
    expect(draw(new Random(1, 1), 8)).not.toEqual(draw(new Random(1, 2), 8));
    expect(draw(new Random(1, 2), 8)).not.toEqual(draw(new Random(2, 1), 8));
  });

  it('draws unsigned 32-bit integers and uniforms in [0, 1)', () => {
    const r = new Random(5);
    for (const v of draw(r, 1000)) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(2 ** 32);
    }
    const u = Array.from({ length: 100_000 }, () => r.uniform());
    const s = stats(u);
    expect(s.min).toBeGreaterThanOrEqual(0);
    expect(s.max).toBeLessThan(1);
    expect(Math.abs(s.mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(s.variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('normal() has mean ~0 and variance ~1 over 1e5 draws', () => {
    const r = new Random(2024);
    const values = Array.from({ length: 100_000 }, () => r.normal());
    const s = stats(values);
    // The standard error of the mean is 1/sqrt(1e5) ~ 0.003; of the variance ~ sqrt(2/1e5) ~ 0.0045.
    expect(Math.abs(s.mean)).toBeLessThan(0.015);
    expect(Math.abs(s.variance - 1)).toBeLessThan(0.02);
    expect(values.every(Number.isFinite)).toBe(true);
    const tails = values.filter((v) => Math.abs(v) > 1.96).length / values.length;
    expect(Math.abs(tails - 0.05)).toBeLessThan(0.005);
  });

  it('normal() is deterministic for a seed', () => {
    const a = new Random(8);
    const b = new Random(8);
    expect(Array.from({ length: 11 }, () => a.normal())).toEqual(Array.from({ length: 11 }, () => b.normal()));
  });
});

describe('hashString', () => {
  it('is 32-bit FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });

  it('separates weight names', () => {
    expect(hashString('query/kernel')).not.toBe(hashString('key/kernel'));
  });
});
