/**
 * Engine-level behaviour of the reference backend: symbolic dims bound per run, input checking
 * before anything runs, dispose, dead-node elimination and outputs that later nodes also read.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, getBackend, tensor, type Graph, type HostTensor } from '@layerspec/spec';
import { backend } from './index.js';

const END = 2147483647;

describe('registration', () => {
  it('importing the package registers the backend as "ref"', () => {
    expect(getBackend('ref')).toBe(backend);
  });
});

describe('one compiled graph with symbolic dims runs at several sizes', () => {
  // w (4,3), by hand: small exact values.
  const W = [1, 0, -1, 0.5, 2, 0, -0.5, 0.25, 1, 0, -1, 2];
  const build = (): Graph => {
    const b = new GraphBuilder('sym');
    const x = b.input('x', { dtype: 'float32', shape: ['b', 't', 4] });
    const w = b.param('w', { dtype: 'float32', shape: [4, 3] }, 'zeros');
    b.output('h', b.op1('MatMul', [x, w]));
    b.output('r', b.op1('ReduceSum', [x], { axes: [-1], keepdims: false }));
    b.output('flat', b.op1('Reshape', [x], { shape: [0, -1] }));
    b.output('ones', b.op1('Expand', [b.constant(tensor([1], [1])), b.op1('Shape', [x])]));
    b.output('tail', b.op1('Slice', [x], { starts: [1], ends: [END], axes: [1] }));
    b.output('twice', b.op1('Concat', [x, x], { axis: 1 }));
    return b.build();
  };
  /** x[i, j, c] = ((7i + 3j + c) mod 5) - 2. */
  const xAt = (i: number, j: number, c: number): number => ((7 * i + 3 * j + c) % 5) - 2;

  it.each([
    [1, 1],
    [2, 3],
    [3, 5],
    [2, 0],
  ])('b = %i, t = %i', async (nb, nt) => {
    const compiled = await backend.compile(build());
    for (let round = 0; round < 2; round++) {
      const xs: number[] = [];
      for (let i = 0; i < nb; i++) for (let j = 0; j < nt; j++) for (let c = 0; c < 4; c++) xs.push(xAt(i, j, c));
      const out = await compiled.run({ x: tensor(xs, [nb, nt, 4]) }, { w: tensor(W, [4, 3]) });
      // Oracle: plain loops.
      const h: number[] = [];
      const r: number[] = [];
      const twice: number[] = [];
      const tail: number[] = [];
      for (let i = 0; i < nb; i++) {
        for (let j = 0; j < nt; j++) {
          for (let k = 0; k < 3; k++) {
            let s = 0;
            for (let c = 0; c < 4; c++) s += xAt(i, j, c) * W[c * 3 + k]!;
            h.push(s);
          }
          r.push([0, 1, 2, 3].reduce((s, c) => s + xAt(i, j, c), 0));
          if (j >= 1) for (let c = 0; c < 4; c++) tail.push(xAt(i, j, c));
        }
        for (let rep = 0; rep < 2; rep++) for (let j = 0; j < nt; j++) for (let c = 0; c < 4; c++) twice.push(xAt(i, j, c));
      }
      const check = (name: string, shape: number[], values: number[]): void => {
        expect(out[name]!.shape, name).toEqual(shape);
        expect(Array.from(out[name]!.data), name).toEqual(values);
      };
      check('h', [nb, nt, 3], h);
      check('r', [nb, nt], r);
      check('flat', [nb, nt * 4], xs);
      check('ones', [nb, nt, 4], Array<number>(nb * nt * 4).fill(1));
      check('tail', [nb, Math.max(nt - 1, 0), 4], tail);
      check('twice', [nb, 2 * nt, 4], twice);
    }
  });

  it('the same compiled graph alternates sizes', async () => {
    const compiled = await backend.compile(build());
    const w = { w: tensor(W, [4, 3]) };
    for (const [nb, nt] of [
      [2, 3],
      [1, 7],
      [2, 3],
    ] as const) {
      const out = await compiled.run({ x: tensor(Array<number>(nb * nt * 4).fill(1), [nb, nt, 4]) }, w);
      expect(out['h']!.shape).toEqual([nb, nt, 3]);
      expect(out['twice']!.shape).toEqual([nb, 2 * nt, 4]);
      // each row of h is the column sums of W: [1, 1.25, 2] (by hand)
      expect(Array.from(out['h']!.data.slice(0, 3))).toEqual([1, 1.25, 2]);
    }
  });
});

describe('bad run arguments fail before anything runs, naming the input', () => {
  // The first node always throws when it runs (a Gather index out of range, unknown at build time),
  // so an input error proves the check happened before any node ran.
  const build = (): Graph => {
    const b = new GraphBuilder('checked');
    const bomb = b.op1('Gather', [b.constant(tensor([1, 2], [2])), b.constant(tensor([5], [1], 'int32'))]);
    const x = b.input('x', { dtype: 'float32', shape: ['n', 3] });
    const z = b.input('z', { dtype: 'int32', shape: ['n'] });
    const w = b.param('w', { dtype: 'float32', shape: [3] }, 'zeros');
    b.output('bomb', bomb);
    b.output('y', b.op1('Add', [x, w]));
    b.output('zz', b.op1('Neg', [z]));
    return b.build();
  };
  const good = { x: tensor([1, 2, 3, 4, 5, 6], [2, 3]), z: tensor([1, 2], [2], 'int32') };
  const weights = { w: tensor([0, 0, 0], [3]) };

  it('valid arguments reach the nodes (and the first one throws, naming itself)', async () => {
    const c = await backend.compile(build());
    await expect(c.run(good, weights)).rejects.toThrow(/checked: node 'Gather_2' \(Gather\): index 5 is out of range/);
  });

  const cases: [string, Record<string, HostTensor>, Record<string, HostTensor>, RegExp][] = [
    ['a wrong static dim', { ...good, x: tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]) }, weights, /checked: input 'x' dim 1 must be 3, got 4/],
    ['a wrong rank', { ...good, x: tensor([1, 2, 3], [3]) }, weights, /checked: input 'x' must have rank 2 \[n, 3\], got rank 1/],
    ['a wrong dtype', { ...good, z: tensor([1, 2], [2]) }, weights, /checked: input 'z' must be int32, got float32/],
    [
      'a symbolic dim bound twice',
      { ...good, z: tensor([1, 2, 3], [3], 'int32') },
      weights,
      /input 'z' dim 0 \('n'\) is 3, but input 'x' dim 0 bound 'n' to 2/,
    ],
    ['a missing input', { x: good.x }, weights, /checked: missing input 'z' of type int32\[n\]/],
    ['an unknown input', { ...good, q: good.z }, weights, /checked: unknown input 'q'/],
    ['a missing weight', good, {}, /checked: missing weight 'w' of type float32\[3\]/],
    ['a weight of the wrong shape', good, { w: tensor([0, 0], [2]) }, /checked: weight 'w' dim 0 must be 3, got 2/],
    [
      'data that does not fill the shape',
      { ...good, x: { dtype: 'float32', shape: [2, 3], data: new Float32Array(5) } },
      weights,
      /input 'x': 5 values do not fill shape \[2, 3\]/,
    ],
    [
      'a data array of the wrong kind',
      { ...good, x: { dtype: 'float32', shape: [2, 3], data: new Int32Array(6) } },
      weights,
      /input 'x': dtype float32 needs a Float32Array/,
    ],
  ];
  it.each(cases)('%s', async (_name, inputs, w, message) => {
    const c = await backend.compile(build());
    await expect(c.run(inputs, w)).rejects.toThrow(message);
  });
});

describe('dispose', () => {
  it('a run after dispose() throws; other compilations of the graph still run', async () => {
    const b = new GraphBuilder('disposable');
    b.output('y', b.op1('Neg', [b.input('x', { dtype: 'float32', shape: [2] })]));
    const g = b.build();
    const c = await backend.compile(g);
    const other = await backend.compile(g);
    const x = tensor([1, -2], [2]);
    expect(Array.from((await c.run({ x }, {}))['y']!.data)).toEqual([-1, 2]);
    c.dispose();
    await expect(c.run({ x }, {})).rejects.toThrow(/disposable: this compiled graph was disposed/);
    c.dispose(); // idempotent
    await expect(c.run({ x }, {})).rejects.toThrow(/disposed/);
    expect(Array.from((await other.run({ x }, {}))['y']!.data)).toEqual([-1, 2]);
  });
});

describe('plan', () => {
  it('skips dead nodes: nodes nothing reads never run, even ones that would throw', async () => {
    const b = new GraphBuilder('dead');
    const x = b.input('x', { dtype: 'float32', shape: [3] });
    const n = b.input('n', { dtype: 'int32', shape: [2] });
    // Dead: an out-of-range Gather, an int division by zero, and a dead chain reading a live value.
    b.op1('Gather', [x, b.constant(tensor([7], [1], 'int32'))]);
    b.op1('Div', [n, b.constant(tensor([0], [1], 'int32'))]);
    const live = b.op1('Mul', [x, b.scalar(2)]);
    b.op1('Softmax', [b.op1('Exp', [live])]);
    b.output('y', live);
    const out = await (await backend.compile(b.build())).run({ x: tensor([1, 2, 3], [3]), n: tensor([1, 2], [2], 'int32') }, {});
    expect(Object.keys(out)).toEqual(['y']);
    expect(Array.from(out['y']!.data)).toEqual([2, 4, 6]);
  });

  it('returns outputs intact when later nodes also read them (including reshaped, transposed and aliased views)', async () => {
    const b = new GraphBuilder('shared');
    const x = b.input('x', { dtype: 'float32', shape: [2, 3] });
    const w = b.input('w', { dtype: 'float32', shape: [2, 2] });
    const a = b.op1('Add', [x, b.scalar(1)]);
    b.output('a', a);
    // Later nodes read the graph output 'a' itself, not only the node value behind it.
    const aOut = { name: 'a', type: a.type };
    b.output('twice', b.op1('Mul', [aOut, b.scalar(2)]));
    const flat = b.op1('Reshape', [aOut], { shape: [-1] });
    b.output('flat', flat);
    b.output('neg_flat', b.op1('Neg', [flat]));
    const t = b.op1('Transpose', [a], { perm: [1, 0] });
    b.output('t', t);
    b.output('tw', b.op1('MatMul', [t, w])); // the Transpose is folded into this MatMul
    const same = b.op1('Dropout', [aOut]); // identity at inference: hands back the very same tensor
    b.output('same', same);
    b.output('same_sq', b.op1('Mul', [same, same]));
    const compiled = await backend.compile(b.build());
    const xs = tensor([0, 1, 2, 3, 4, 5], [2, 3]);
    const ws = tensor([1, 0, 1, -1], [2, 2]);
    const before = Array.from(xs.data);
    // by hand: a = x + 1 = [[1, 2, 3], [4, 5, 6]]; aᵀ @ [[1, 0], [1, -1]] = [[5, -4], [7, -5], [9, -6]]
    const expected: Record<string, [number[], number[]]> = {
      a: [
        [2, 3],
        [1, 2, 3, 4, 5, 6],
      ],
      twice: [
        [2, 3],
        [2, 4, 6, 8, 10, 12],
      ],
      flat: [[6], [1, 2, 3, 4, 5, 6]],
      neg_flat: [[6], [-1, -2, -3, -4, -5, -6]],
      t: [
        [3, 2],
        [1, 4, 2, 5, 3, 6],
      ],
      tw: [
        [3, 2],
        [5, -4, 7, -5, 9, -6],
      ],
      same: [
        [2, 3],
        [1, 2, 3, 4, 5, 6],
      ],
      same_sq: [
        [2, 3],
        [1, 4, 9, 16, 25, 36],
      ],
    };
    for (let round = 0; round < 2; round++) {
      const out = await compiled.run({ x: xs, w: ws }, {});
      expect(Object.keys(out).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, [shape, values]] of Object.entries(expected)) {
        expect(out[name]!.shape, name).toEqual(shape);
        expect(Array.from(out[name]!.data), name).toEqual(values);
      }
      // Outputs are fresh host tensors: writing into one changes neither another output nor the next run.
      out['a']!.data.fill(99);
      expect(Array.from(out['same']!.data)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(Array.from(out['flat']!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    }
    expect(Array.from(xs.data)).toEqual(before); // the inputs are not written
  });
});
