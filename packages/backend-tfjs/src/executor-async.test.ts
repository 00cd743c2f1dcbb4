/**
 * The asynchronous executor WebGPU runs with (runGraphAsync): run here on the cpu runtime, it computes
 * what runGraph computes, reads the host inputs before the kernels (which then never read synchronously),
 * and frees every intermediate, also when a kernel fails halfway.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GraphBuilder, tensor, type Graph } from '@layerspec/spec';
import { runGraph, runGraphAsync } from './executor.js';
import { hostInts, readHostInputs } from './kernels/host-ints.js';
import { toTensor } from './kernels/sources.js';
import { tf, useRuntime } from './index.js';

/** Gather indices and an Expand shape computed in the graph (Cast, Shape), as PositionEmbedding makes them. */
function computedIndices(): Graph {
  const b = new GraphBuilder('computed_indices');
  const table = b.input('table', { dtype: 'float32', shape: [3, 2] });
  const x = b.input('x', { dtype: 'float32', shape: [4, 3, 2] });
  const ids = b.op1('Cast', [b.constant(tensor([2, 0, 1], [3]))], { to: 'int32' });
  b.output('y', b.op1('Expand', [b.op1('Gather', [table, ids], { axis: 0 }), b.op1('Shape', [x])]));
  return b.build();
}

const feeds = () =>
  new Map([
    ['table', toTensor(tensor([1, 2, 3, 4, 5, 6], [3, 2]))],
    ['x', tf.zeros([4, 3, 2])],
  ]);

describe('runGraphAsync', () => {
  beforeAll(async () => {
    await useRuntime('cpu');
  });

  it('computes what runGraph computes and leaves only its outputs', async () => {
    const syncEnv = feeds();
    const want = tf.tidy(() => runGraph(computedIndices(), syncEnv, false));
    const env = feeds();
    const before = tf.memory().numTensors;
    const got = await runGraphAsync(computedIndices(), env, false);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(await got[0]!.data())).toEqual(Array.from(await want[0]!.data()));
    expect(Array.from(await got[0]!.data()).slice(0, 6)).toEqual([5, 6, 1, 2, 3, 4]);
    for (const t of [...want, ...got, ...env.values(), ...syncEnv.values()]) t.dispose();
  });

  it('frees its intermediates when a kernel fails', async () => {
    const b = new GraphBuilder('out_of_range');
    const table = b.input('table', { dtype: 'float32', shape: [3, 2] });
    b.output('y', b.op1('Gather', [b.op1('Neg', [table]), b.op1('Cast', [b.constant(tensor([7], [1]))], { to: 'int32' })], { axis: 0 }));
    const env = feeds();
    const before = tf.memory().numTensors;
    await expect(runGraphAsync(b.build(), env, false)).rejects.toThrow(/index 7 is out of range for axis 0 of size 3/);
    expect(tf.memory().numTensors).toBe(before);
    for (const t of env.values()) t.dispose();
  });

  it('hands a kernel the host values read before it, with no synchronous read', async () => {
    const ids = tf.tensor1d([2, 0], 'int32');
    await readHostInputs('Gather', [undefined, ids]);
    ids.dataSync = () => {
      throw new Error('read synchronously');
    };
    expect(hostInts(ids, 'test')).toEqual([2, 0]);
    ids.dispose();
  });
});
