/**
 * The Scan loop of the asynchronous executor (runGraphAsync, as WebGPU runs): on the cpu and wasm runtimes
 * it computes what the synchronous loop computes, reads the host inputs of the body's kernels (a Gather
 * index, an Expand shape and a Trilu offset computed in the body from a state and a computed capture)
 * without a synchronous read, and frees every tensor it made, also when the body fails halfway.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GraphBuilder, tensor, type Graph } from '@layerspec/spec';
import { runGraph, runGraphAsync } from '../executor.js';
import { toTensor } from './sources.js';
import { tf, useRuntime, type TfRuntime } from '../index.js';
import type { Tensor } from '../tf.js';

/**
 * A Scan over xs [2, T, 3] whose step t gathers row t + 1 of `table` (the index computed from the float
 * state `step` and the captured `one`, itself computed outside the body), expands it to the slice's shape
 * (a computed Shape), adds slice * row to `acc` and outputs the lower part of `acc` above diagonal t. The
 * state `keep` and the slice pass through unchanged, so a final state is a graph input.
 */
function scanGraph(reverse: boolean): Graph {
  const b = new GraphBuilder('scan_host_reads');
  const xs = b.input('xs', { dtype: 'float32', shape: [2, 'time', 3] });
  const table = b.input('table', { dtype: 'float32', shape: [5, 3] });
  const keep = b.input('keep', { dtype: 'float32', shape: [2, 3] });
  const one = b.op1('Cast', [b.scalar(1.7)], { to: 'int32' });
  const body = new GraphBuilder('scan_host_reads: body');
  const step = body.input('step', { dtype: 'float32', shape: [] });
  const acc = body.input('acc', { dtype: 'float32', shape: [2, 3] });
  const kept = body.input('keep', { dtype: 'float32', shape: [2, 3] });
  const x = body.input('x', { dtype: 'float32', shape: [2, 3] });
  const tab = body.input('table', { dtype: 'float32', shape: [5, 3] });
  const inc = body.input('one', { dtype: 'int32', shape: [] });
  const idx = body.op1('Add', [body.op1('Cast', [step], { to: 'int32' }), inc]);
  const row = body.op1('Expand', [body.op1('Gather', [tab, idx], { axis: 0 }), body.op1('Shape', [x])]);
  const next = body.op1('Add', [acc, body.op1('Mul', [x, row])]);
  body.output('step_next', body.op1('Add', [step, body.scalar(1)]));
  body.output('acc_next', next);
  body.output('keep_next', kept);
  body.output('y', body.op1('Trilu', [next, body.op1('Sub', [idx, inc])], { upper: false }));
  body.output('x_out', x);
  const [s, a, k, ys, xsOut] = b.op(
    'Scan',
    [b.scalar(0), b.constant(tensor(new Array<number>(6).fill(0.5), [2, 3])), keep, xs, table, one],
    {
      body: body.build(),
      numScanInputs: 1,
      numCaptures: 2,
      scanInputAxes: [1],
      scanOutputAxes: [1, 0],
      scanInputDirections: [reverse ? 1 : 0],
      scanOutputDirections: [0, reverse ? 1 : 0],
    },
  );
  [s, a, k, ys, xsOut].forEach((v, i) => b.output(['step', 'acc', 'keep', 'ys', 'xs_out'][i]!, v!));
  return b.build();
}

function feeds(time: number): Map<string, Tensor> {
  const n = 2 * time * 3;
  return new Map([
    [
      'xs',
      toTensor(
        tensor(
          Float32Array.from({ length: n }, (_, i) => Math.sin(0.7 * i + 1)),
          [2, time, 3],
        ),
      ),
    ],
    [
      'table',
      toTensor(
        tensor(
          Float32Array.from({ length: 15 }, (_, i) => i - 7),
          [5, 3],
        ),
      ),
    ],
    ['keep', toTensor(tensor([1, 2, 3, 4, 5, 6], [2, 3]))],
  ]);
}

const values = async (ts: readonly Tensor[]): Promise<number[][]> => Promise.all(ts.map(async (t) => Array.from(await t.data())));

function disposeAll(...groups: Iterable<Tensor>[]): void {
  for (const g of groups) for (const t of g) t.dispose();
}

describe.each<TfRuntime>(['cpu', 'wasm'])('runGraphAsync runs Scan bodies asynchronously on %s', (runtime) => {
  beforeEach(() => useRuntime(runtime));
  afterEach(() => vi.restoreAllMocks());

  it.each([false, true])('computes what runGraph computes (reverse %s) and leaves only its outputs', async (reverse) => {
    const graph = scanGraph(reverse);
    const syncEnv = feeds(4);
    const want = tf.tidy(() => runGraph(graph, syncEnv, false));
    const env = feeds(4);
    const inputs = [...env.values()];
    const before = tf.memory().numTensors;
    const got = await runGraphAsync(graph, env, false);
    expect(tf.memory().numTensors).toBe(before + graph.outputs.length);
    expect(got.some((t) => inputs.includes(t))).toBe(false);
    expect(inputs.every((t) => !t.isDisposed)).toBe(true);
    expect(got.map((t) => t.shape)).toEqual([[], [2, 3], [2, 3], [2, 4, 3], [4, 2, 3]]);
    expect(await values(got)).toEqual(await values(want));
    // The final step count and the kept input: the loop ran four steps and the pass-through state is a copy.
    expect((await values(got.slice(0, 3)))[0]).toEqual([4]);
    expect((await values(got))[2]).toEqual([1, 2, 3, 4, 5, 6]);
    disposeAll(want, got, inputs, syncEnv.values());
  });

  it('reads no int32 tensor synchronously, where the synchronous loop does', async () => {
    const graph = scanGraph(false);
    const dataSync = tf.Tensor.prototype.dataSync;
    vi.spyOn(tf.Tensor.prototype, 'dataSync').mockImplementation(function (this: Tensor) {
      if (this.dtype === 'int32') throw new Error('an int32 tensor was read synchronously');
      return dataSync.call(this);
    });
    const syncEnv = feeds(3);
    expect(() => tf.tidy(() => runGraph(graph, syncEnv, false))).toThrow(/read synchronously/);
    const env = feeds(3);
    const got = await runGraphAsync(graph, env, false);
    expect(got[3]!.shape).toEqual([2, 3, 3]);
    disposeAll(got, env.values(), syncEnv.values());
  });

  it('frees every tensor the finished steps made when the body fails at the fifth of 5 steps', async () => {
    const graph = scanGraph(false);
    const env = feeds(5);
    const inputs = [...env.values()];
    const before = tf.memory().numTensors;
    await expect(runGraphAsync(graph, env, false)).rejects.toThrow(
      /node 'Gather_\d+' \(Gather\): index 5 is out of range for axis 0 of size 5/,
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(inputs.every((t) => !t.isDisposed)).toBe(true);
    // The graph still runs afterwards, with nothing left over.
    const again = feeds(2);
    const ok = await runGraphAsync(graph, again, false);
    expect(ok[3]!.shape).toEqual([2, 2, 3]);
    disposeAll(ok, inputs, again.values());
  });
});
