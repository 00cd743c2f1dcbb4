/**
 * The Scan op on the reference engine, through the public path: an outer graph from GraphBuilder with one
 * Scan node whose body is another GraphBuilder graph, compiled by the reference backend, run on HostTensors.
 *
 * Expected values are small integers computed by hand (each case says how) and cross-checked with numpy
 * 2.4 (np.cumsum / np.cumprod / np.matmul); every value is exact in float32, so comparisons are exact.
 * Scan is listed in the coverage check of ../testing/kernel-ops.ts (SCAN_OPS).
 */
import { describe, expect, it } from 'vitest';
import {
  GraphBuilder, buildScan, tensor,
  type AttrsOf, type DType, type Dim, type Graph, type HostTensor, type TensorType, type Value,
} from '@layerspec/spec';
import { backend } from '../index.js';

const F = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'float32');
const I = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'int32');
const zeros = (shape: number[]): HostTensor => F(new Array<number>(shape.reduce((a, c) => a * c, 1)).fill(0), shape);
/** 1, 2, ..., n over `shape`. */
const seq = (shape: number[]): HostTensor => F(Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => i + 1), shape);
const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });
const i32 = (...shape: Dim[]): TensorType => ({ dtype: 'int32', shape });

/** Checks dtype, shape and values exactly. */
function expectTensor(got: HostTensor | undefined, dtype: DType, shape: number[], want: readonly number[]): void {
  expect(got).toBeDefined();
  expect(got!.dtype).toBe(dtype);
  expect(got!.shape).toEqual(shape);
  expect(Array.from(got!.data)).toEqual([...want]);
}

/** A body graph: inputs in order (states, slices, captures), outputs in order (next states, slices). */
function body(inputs: [string, TensorType][], step: (b: GraphBuilder, ins: Value[]) => [string, Value][], name = 'body'): Graph {
  const b = new GraphBuilder(name);
  const values = inputs.map(([n, t]) => b.input(n, t));
  for (const [n, v] of step(b, values)) b.output(n, v);
  return b.build();
}

/** s' = s + x_t; emits s'. State and slice have type `t`. */
const sumBody = (t: TensorType): Graph =>
  body([['s', t], ['x', t]], (b, [s, x]) => {
    const next = b.op1('Add', [s!, x!]);
    return [['s_next', next], ['y', next]];
  });

/**
 * Runs one Scan node over graph inputs x0, x1, ... (typed like the tensors unless `types` says otherwise);
 * returns the Scan's outputs y0, y1, ... in order.
 */
async function runScan(
  inputs: readonly HostTensor[],
  attrs: Partial<AttrsOf<'Scan'>>,
  types?: readonly TensorType[],
): Promise<HostTensor[]> {
  const b = new GraphBuilder('t_Scan');
  const values = inputs.map((t, i) => b.input(`x${i}`, types?.[i] ?? { dtype: t.dtype, shape: t.shape }));
  const outs = b.op('Scan', values, attrs);
  outs.forEach((v, i) => b.output(`y${i}`, v));
  const compiled = await backend.compile(b.build());
  const feeds: Record<string, HostTensor> = {};
  inputs.forEach((t, i) => (feeds[`x${i}`] = t));
  const result = await compiled.run(feeds, {});
  compiled.dispose();
  return outs.map((_, i) => result[`y${i}`]!);
}

// x = seq([2, 3, 2]): batch 0 steps [1,2] [3,4] [5,6], batch 1 steps [7,8] [9,10] [11,12].
const X = seq([2, 3, 2]);
const INIT = F([10, 20, 30, 40], [2, 2]);

describe('Scan: running sum s_t = s_{t-1} + x_t over axis 1 of x (2, 3, 2), s_0 = [[10, 20], [30, 40]]', () => {
  it('forward: cumulative sum along axis 1, final state is the total', async () => {
    // by hand: batch 0: 10+1, 20+2 = [11,22]; +[3,4] = [14,26]; +[5,6] = [19,32]. batch 1: [37,48] [46,58] [57,70].
    const [final, ys] = await runScan([INIT, X], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] });
    expectTensor(final, 'float32', [2, 2], [19, 32, 57, 70]);
    expectTensor(ys, 'float32', [2, 3, 2], [11, 22, 14, 26, 19, 32, 37, 48, 46, 58, 57, 70]);
  });

  it('scanInputDirections [1]: walks from the end; outputs appended in walking order', async () => {
    // by hand: batch 0: 10+5, 20+6 = [15,26]; +[3,4] = [18,30]; +[1,2] = [19,32]. batch 1: [41,52] [50,62] [57,70].
    const [final, ys] = await runScan([INIT, X], {
      body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanInputDirections: [1], scanOutputAxes: [1],
    });
    expectTensor(final, 'float32', [2, 2], [19, 32, 57, 70]);
    expectTensor(ys, 'float32', [2, 3, 2], [15, 26, 18, 30, 19, 32, 41, 52, 50, 62, 57, 70]);
  });

  it('scanOutputDirections [1]: forward walk, each step prepended (step t lands at T-1-t)', async () => {
    // by hand: the forward outputs [11,22] [14,26] [19,32] in reverse order.
    const [final, ys] = await runScan([INIT, X], {
      body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1], scanOutputDirections: [1],
    });
    expectTensor(final, 'float32', [2, 2], [19, 32, 57, 70]);
    expectTensor(ys, 'float32', [2, 3, 2], [19, 32, 14, 26, 11, 22, 57, 70, 46, 58, 37, 48]);
  });

  it('reverse input and prepended output: suffix sums in their original positions', async () => {
    // by hand: position t holds init + x_t + ... + x_{T-1}: batch 0 [19,32] [18,30] [15,26].
    const [, ys] = await runScan([INIT, X], {
      body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanInputDirections: [1], scanOutputAxes: [1], scanOutputDirections: [1],
    });
    expectTensor(ys, 'float32', [2, 3, 2], [19, 32, 18, 30, 15, 26, 57, 70, 50, 62, 41, 52]);
  });

  it('scan axis 0 of x (3, 2, 2), stacked along axis 0', async () => {
    // by hand: steps [[1,2],[3,4]], [[5,6],[7,8]], [[9,10],[11,12]] from zero: [[1,2],[3,4]], [[6,8],[10,12]], [[15,18],[21,24]].
    const [final, ys] = await runScan([zeros([2, 2]), seq([3, 2, 2])], { body: sumBody(f32(2, 2)), numScanInputs: 1 });
    expectTensor(final, 'float32', [2, 2], [15, 18, 21, 24]);
    expectTensor(ys, 'float32', [3, 2, 2], [1, 2, 3, 4, 6, 8, 10, 12, 15, 18, 21, 24]);
  });

  it('scanned along axis 1, stacked along another axis (scanOutputAxes [-1] gives (B, D, T))', async () => {
    // by hand: the running sums from zero, batch 0 [1,2] [4,6] [9,12], batch 1 [7,8] [16,18] [27,30], with T last.
    const [, ys] = await runScan([zeros([2, 2]), X], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [-1] });
    expectTensor(ys, 'float32', [2, 2, 3], [1, 4, 9, 2, 6, 12, 7, 16, 27, 8, 18, 30]);
  });

  it('negative scan input axis (-2 of rank 3 is axis 1)', async () => {
    const [final] = await runScan([INIT, X], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [-2], scanOutputAxes: [1] });
    expectTensor(final, 'float32', [2, 2], [19, 32, 57, 70]);
  });

  it('length 1: one step', async () => {
    // by hand: [10+1, 20+2] and [30+3, 40+4].
    const [final, ys] = await runScan([INIT, seq([2, 1, 2])], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] });
    expectTensor(final, 'float32', [2, 2], [11, 22, 33, 44]);
    expectTensor(ys, 'float32', [2, 1, 2], [11, 22, 33, 44]);
  });

  it('length 0 (static): the final states are the initial ones, the stacked outputs have length 0', async () => {
    const [final, ys] = await runScan([INIT, zeros([2, 0, 2])], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] });
    expectTensor(final, 'float32', [2, 2], [10, 20, 30, 40]);
    expectTensor(ys, 'float32', [2, 0, 2], []);
  });

  it('length 0 with symbolic batch and time: output sizes come from the body inputs the run binds', async () => {
    const attrs = { body: sumBody(f32('b', 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [2] };
    const types = [f32('b', 2), f32('b', 't', 2)];
    const [final, ys] = await runScan([F([1, 2, 3, 4, 5, 6], [3, 2]), zeros([3, 0, 2])], attrs, types);
    expectTensor(final, 'float32', [3, 2], [1, 2, 3, 4, 5, 6]);
    expectTensor(ys, 'float32', [3, 2, 0], []);
  });

  it("a body symbol ('b') means nothing outside: the outer graph may bind 'b' to another size", async () => {
    const b = new GraphBuilder('t_Scan');
    const other = b.input('other', f32('b', 1));
    const s = b.input('s', f32(2, 2));
    const x = b.input('x', f32(2, 't', 2));
    const [final, ys] = b.op('Scan', [s, x], { body: sumBody(f32('b', 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] });
    expect(ys!.type.shape).toEqual([2, 't', 2]);
    b.output('final', final!);
    b.output('ys', ys!);
    b.output('other_out', other);
    const compiled = await backend.compile(b.build());
    const out = await compiled.run({ other: zeros([5, 1]), s: INIT, x: X }, {});
    expectTensor(out['ys'], 'float32', [2, 3, 2], [11, 22, 14, 26, 19, 32, 37, 48, 46, 58, 57, 70]);
    compiled.dispose();
  });

  it('one compiled graph runs with several lengths, including 0 (symbolic time)', async () => {
    const b = new GraphBuilder('t_Scan');
    const s = b.input('s', f32('b', 2));
    const x = b.input('x', f32('b', 't', 2));
    const [final, ys] = b.op('Scan', [s, x], { body: sumBody(f32('b', 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] });
    b.output('final', final!);
    b.output('ys', ys!);
    const compiled = await backend.compile(b.build());
    const t3 = await compiled.run({ s: INIT, x: X }, {});
    expectTensor(t3['ys'], 'float32', [2, 3, 2], [11, 22, 14, 26, 19, 32, 37, 48, 46, 58, 57, 70]);
    const t1 = await compiled.run({ s: INIT, x: seq([2, 1, 2]) }, {});
    expectTensor(t1['final'], 'float32', [2, 2], [11, 22, 33, 44]);
    const t0 = await compiled.run({ s: INIT, x: zeros([2, 0, 2]) }, {});
    expectTensor(t0['final'], 'float32', [2, 2], [10, 20, 30, 40]);
    expectTensor(t0['ys'], 'float32', [2, 0, 2], []);
    compiled.dispose();
  });
});

describe('Scan: several inputs, states, outputs and captures', () => {
  it('two scan inputs: s_t = s_{t-1} + a_t * b_t', async () => {
    // a = X; b = [[1,0],[2,1],[0,3]], [[-1,2],[1,1],[2,0]]. by hand: batch 0 [1,0] [1+6, 0+4] = [7,4] [7+0, 4+18] = [7,22];
    // batch 1 [-7,16] [-7+9, 16+10] = [2,26] [2+22, 26+0] = [24,26].
    const bT = F([1, 0, 2, 1, 0, 3, -1, 2, 1, 1, 2, 0], [2, 3, 2]);
    const g = body([['s', f32(2, 2)], ['a', f32(2, 2)], ['b', f32(2, 2)]], (b, [s, a, c]) => {
      const next = b.op1('Add', [s!, b.op1('Mul', [a!, c!])]);
      return [['s_next', next], ['y', next]];
    });
    const [final, ys] = await runScan([zeros([2, 2]), X, bT], { body: g, numScanInputs: 2, scanInputAxes: [1, 1], scanOutputAxes: [1] });
    expectTensor(final, 'float32', [2, 2], [7, 22, 24, 26]);
    expectTensor(ys, 'float32', [2, 3, 2], [1, 0, 7, 4, 7, 22, -7, 16, 2, 26, 24, 26]);
  });

  it('two scan inputs with different axes and directions: each is sliced its own way', async () => {
    // a = seq(3) scanned forward on axis 0: 1, 2, 3; b = [[10, 20, 30]] (1, 3) scanned in reverse on axis 1: 30, 20, 10.
    // by hand: outputs a_t * b_t = 30, 40, 30; state sums them: 100.
    const g = body([['s', f32(1)], ['a', f32()], ['b', f32(1)]], (b, [s, a, c]) => {
      const p = b.op1('Mul', [a!, c!]);
      return [['s_next', b.op1('Add', [s!, p])], ['y', p]];
    });
    const [final, ys] = await runScan([F([0], [1]), seq([3]), F([10, 20, 30], [1, 3])], {
      body: g, numScanInputs: 2, scanInputAxes: [0, 1], scanInputDirections: [0, 1],
    });
    expectTensor(final, 'float32', [1], [100]);
    expectTensor(ys, 'float32', [3, 1], [30, 40, 30]);
  });

  it('several states of different dtypes (sum, product, int32 step counter) and no scan output', async () => {
    // by hand: sums [9,12] [27,30]; products 1*3*5 = 15, 2*4*6 = 48, 7*9*11 = 693, 8*10*12 = 960; counter 0 + 3 = 3.
    const g = body([['sum', f32(2, 2)], ['prod', f32(2, 2)], ['n', i32()], ['x', f32(2, 2)]], (b, [sum, prod, n, x]) => [
      ['sum_next', b.op1('Add', [sum!, x!])],
      ['prod_next', b.op1('Mul', [prod!, x!])],
      ['n_next', b.op1('Add', [n!, b.scalar(1, 'int32')])],
    ]);
    const outs = await runScan([zeros([2, 2]), F([1, 1, 1, 1], [2, 2]), I([0], []), X], { body: g, numScanInputs: 1, scanInputAxes: [1] });
    expect(outs).toHaveLength(3);
    expectTensor(outs[0], 'float32', [2, 2], [9, 12, 27, 30]);
    expectTensor(outs[1], 'float32', [2, 2], [15, 48, 693, 960]);
    expectTensor(outs[2], 'int32', [], [3]);
  });

  it('captures used in the body: s_t = s_{t-1} + x_t @ W, with x_t @ W as a second scan output', async () => {
    // W = [[1,2],[3,4]]. by hand: [1,2]@W = [7,10], [3,4]@W = [15,22], [5,6]@W = [23,34], [7,8]@W = [31,46],
    // [9,10]@W = [39,58], [11,12]@W = [47,70]; running sums batch 0 [7,10] [22,32] [45,66], batch 1 [31,46] [70,104] [117,174].
    const W = F([1, 2, 3, 4], [2, 2]);
    const g = body([['s', f32(2, 2)], ['x', f32(2, 2)], ['W', f32(2, 2)]], (b, [s, x, w]) => {
      const xw = b.op1('MatMul', [x!, w!]);
      const next = b.op1('Add', [s!, xw]);
      return [['s_next', next], ['running', next], ['xw', xw]];
    });
    const [final, running, xw] = await runScan([zeros([2, 2]), X, W], {
      body: g, numScanInputs: 1, numCaptures: 1, scanInputAxes: [1], scanOutputAxes: [1, 0],
    });
    expectTensor(final, 'float32', [2, 2], [45, 66, 117, 174]);
    expectTensor(running, 'float32', [2, 3, 2], [7, 10, 22, 32, 45, 66, 31, 46, 70, 104, 117, 174]);
    // stacked on axis 0: (T, B, 2)
    expectTensor(xw, 'float32', [3, 2, 2], [7, 10, 31, 46, 15, 22, 39, 58, 23, 34, 47, 70]);
  });

  it('no states: a pure map over the time axis (x_t * 2)', async () => {
    const g = body([['x', f32(2, 2)]], (b, [x]) => [['y', b.op1('Mul', [x!, b.scalar(2)])]]);
    const [ys] = await runScan([X], { body: g, numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] });
    expectTensor(ys, 'float32', [2, 3, 2], [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
  });

  it('a nested Scan: the outer body runs an inner Scan, passing its state and a capture through', async () => {
    // x (B=2, T=2, K=3) = seq; outer scans T, inner scans K of the slice (B, K); inner step s' = s + c * v with capture c = 2.
    // The inner Scan starts from the outer state, so the result is a running sum over (t, k) flattened.
    // by hand: batch 0 from 0: 2, 6, 12, 20, 30, 42; batch 1 from 100: 114, 130, 148, 168, 190, 214.
    const inner = body([['s', f32(2)], ['v', f32(2)], ['c', f32()]], (b, [s, v, c]) => {
      const next = b.op1('Add', [s!, b.op1('Mul', [v!, c!])]);
      return [['s_next', next], ['y', next]];
    }, 'inner');
    const outer = body([['tot', f32(2)], ['slice', f32(2, 3)], ['c', f32()]], (b, [tot, slice, c]) => {
      const [final, ys] = b.op('Scan', [tot!, slice!, c!], { body: inner, numScanInputs: 1, numCaptures: 1, scanInputAxes: [1], scanOutputAxes: [1] });
      return [['tot_next', final!], ['ys', ys!]];
    }, 'outer');
    const [final, ys] = await runScan([F([0, 100], [2]), seq([2, 2, 3]), F([2], [])], {
      body: outer, numScanInputs: 1, numCaptures: 1, scanInputAxes: [1], scanOutputAxes: [1],
    });
    expectTensor(final, 'float32', [2], [42, 214]);
    expectTensor(ys, 'float32', [2, 2, 3], [2, 6, 12, 20, 30, 42, 114, 130, 148, 168, 190, 214]);
  });

  it('buildScan with reverse: true (axis 1) runs like scanInputDirections [1]', async () => {
    const b = new GraphBuilder('t_buildScan');
    const s = b.input('s', f32(2, 2));
    const x = b.input('x', f32(2, 3, 2));
    const w = b.input('w', f32());
    const r = buildScan(b, {
      states: [{ name: 'acc', value: s }],
      scanInputs: [{ name: 'x_t', value: x }],
      captures: [w],
      reverse: true,
      step: (body, [acc], [xt], [scale]) => {
        const next = body.op1('Add', [acc!, body.op1('Mul', [xt!, scale!])]);
        return { states: [next], outputs: [next] };
      },
    });
    b.output('final', r.states[0]!);
    b.output('ys', r.outputs[0]!);
    const compiled = await backend.compile(b.build());
    const out = await compiled.run({ s: INIT, x: X, w: F([1], []) }, {});
    // by hand: as the reverse running sum above.
    expectTensor(out['final'], 'float32', [2, 2], [19, 32, 57, 70]);
    expectTensor(out['ys'], 'float32', [2, 3, 2], [15, 26, 18, 30, 19, 32, 41, 52, 50, 62, 57, 70]);
  });

  it('scan inputs whose symbolic lengths differ at run time fail before the run, naming the node and both inputs', async () => {
    const g = body([['s', f32(2, 2)], ['a', f32(2, 2)], ['b', f32(2, 2)]], (b, [s, a, c]) => {
      const next = b.op1('Add', [s!, b.op1('Add', [a!, c!])]);
      return [['s_next', next]];
    });
    const run = runScan([zeros([2, 2]), X, seq([2, 2, 2])], { body: g, numScanInputs: 2, scanInputAxes: [1, 1] }, [f32(2, 2), f32(2, 't', 2), f32(2, 's', 2)]);
    await expect(run).rejects.toThrow(/node 'Scan_0' \(Scan\): 't' = 3 \(input 'x1' dim 1\), 's' = 2 \(input 'x2' dim 1\); scan inputs have lengths 3 and 2/);
  });
});
