/**
 * The exact-trig pass (docs/passes.md): Sin and Cos rewritten into a range reduction and polynomials stay
 * within 2e-7 of sin and cos (float64, of the float32 input) on [-1e4, 1e4], on the reference engine and in
 * float32 arithmetic on tfjs-cpu, and keep NaN for NaN and +-Infinity.
 */
import { describe, expect, it } from 'vitest';
import {
  GraphBuilder,
  PASS_NAMES,
  RotaryEmbedding,
  SinePositionEncoding,
  getBackend,
  optimizeGraph,
  tensor,
  type Backend,
  type Graph,
} from '@layerspec/spec';
import { refBackend } from './targets.js';

function trigGraph(n: number): Graph {
  const b = new GraphBuilder('trig');
  const x = b.input('x', { dtype: 'float32', shape: [n] });
  b.output('sin', b.op1('Sin', [x]));
  b.output('cos', b.op1('Cos', [x]));
  return b.build();
}

async function run(backend: Backend, xs: Float32Array): Promise<{ sin: Float32Array; cos: Float32Array }> {
  const compiled = await backend.compile(trigGraph(xs.length), { passes: ['exact-trig'] });
  try {
    const out = await compiled.run({ x: { dtype: 'float32', shape: [xs.length], data: xs } }, {});
    return { sin: Float32Array.from(out['sin']!.data), cos: Float32Array.from(out['cos']!.data) };
  } finally {
    compiled.dispose();
  }
}

async function worstError(backend: Backend, xs: Float32Array): Promise<number> {
  const { sin, cos } = await run(backend, xs);
  let worst = 0;
  xs.forEach((x, i) => {
    worst = Math.max(worst, Math.abs(sin[i]! - Math.sin(x)), Math.abs(cos[i]! - Math.cos(x)));
  });
  return worst;
}

/** Evenly spread points of [lo, hi], and the float32 neighbors of multiples of pi/4 (where the quadrant changes). */
function grid(lo: number, hi: number, n: number): Float32Array {
  const xs = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  for (let k = Math.ceil(lo / (Math.PI / 4)); k * (Math.PI / 4) <= hi && xs.length < 3 * n; k += 7) xs.push(k * (Math.PI / 4));
  return Float32Array.from(xs);
}

const BACKENDS: [string, Backend][] = [
  ['ref', refBackend],
  ['tfjs-cpu', getBackend('tfjs-cpu')],
];

describe('exact-trig', () => {
  it('replaces every Sin and Cos, sharing one reduction per input', () => {
    const ops = optimizeGraph(trigGraph(3), { passes: ['exact-trig'] }).nodes.map((n) => n.op);
    expect(ops).not.toContain('Sin');
    expect(ops).not.toContain('Cos');
    expect(ops.filter((o) => o === 'Cast')).toHaveLength(2 + 2 * 4);
  });

  it('is not selected by default, only where a backend asks for it', () => {
    const graph = trigGraph(3);
    expect(optimizeGraph(graph)).toBe(graph);
    expect(optimizeGraph(graph, { devicePasses: ['exact-trig'] })).not.toBe(graph);
    expect(optimizeGraph(graph, { passes: false, devicePasses: ['exact-trig'] })).toBe(graph);
  });

  for (const [label, backend] of BACKENDS) {
    it(`${label}: within 2e-7 of sin and cos on [-pi, pi], [100, 1000] and [-1e4, 1e4]`, async () => {
      for (const [lo, hi] of [
        [-Math.PI, Math.PI],
        [100, 1000],
        [-1e4, 1e4],
      ] as const) {
        expect(await worstError(backend, grid(lo, hi, 20001)), `[${lo}, ${hi}]`).toBeLessThanOrEqual(2e-7);
      }
    });

    it(`${label}: within 2e-7 on 20000 random float32 values of [-1e4, 1e4] (seeded)`, async () => {
      let seed = 12345;
      const next = () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return seed / 2 ** 32;
      };
      const xs = Float32Array.from({ length: 20000 }, () => (next() * 2 - 1) * 10 ** (next() * 4));
      expect(await worstError(backend, xs)).toBeLessThanOrEqual(2e-7);
    });

    it(`${label}: NaN for NaN and +-Infinity, exact at 0`, async () => {
      const { sin, cos } = await run(backend, Float32Array.from([NaN, Infinity, -Infinity, 0]));
      expect([...sin.slice(0, 3), ...cos.slice(0, 3)].every(Number.isNaN)).toBe(true);
      expect([sin[3], cos[3]]).toEqual([0, 1]);
    });
  }

  it("tfjs-cpu with every pass keeps SinePositionEncoding and RotaryEmbedding within 1e-5 (the float32 runtimes' tolerance) of the reference engine", async () => {
    const x = tensor(
      Array.from({ length: 2 * 600 * 8 }, (_, i) => Math.cos(i * 0.61)),
      [2, 600, 8],
    );
    const graphs = [
      new SinePositionEncoding({}).build({ input: { dtype: 'float32', shape: [2, 600, 8] } }),
      new RotaryEmbedding({}).build({ input: { dtype: 'float32', shape: [2, 600, 8] } }),
    ];
    for (const graph of graphs) {
      const outputs = [];
      for (const [backend, passes] of [
        [refBackend, false],
        [getBackend('tfjs-cpu'), PASS_NAMES],
      ] as const) {
        const compiled = await backend.compile(graph, { passes });
        expect(optimizeGraph(graph, { passes }).nodes.some((n) => n.op === 'Sin')).toBe(!passes);
        outputs.push((await compiled.run({ input: x }, {}))['output']!.data);
        compiled.dispose();
      }
      const [want, got] = outputs;
      want!.forEach((v, i) => expect(Math.abs(got![i]! - v), `${graph.name} [${i}]`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(v))));
    }
  });
});
