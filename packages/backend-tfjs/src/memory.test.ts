/**
 * Memory hygiene of compiled graphs on both TensorFlow.js runtimes: every tensor a run makes is freed
 * (intermediates by the executor and `tidy`, fed inputs and read-back outputs by `run`), cached weights
 * by `dispose`, and nothing leaks when a run throws halfway, in the main graph or inside a Scan body.
 *
 * The probe is `tf.memory().numTensors` (the engine's count over all backends) and `numDataBuffers` (the
 * active backend's live buffers): equal before `compile` and after `dispose`, and constant from one run
 * to the next (the weight cache fills on the first run and stays as it is).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AttentionWrapper,
  GraphBuilder,
  MultiHeadAttention,
  initWeights,
  tensor,
  type Backend,
  type Graph,
  type HostTensor,
} from '@layerspec/spec';
import { cpuBackend, tf, useRuntime, wasmBackend } from './index.js';

interface Count {
  tensors: number;
  buffers: number;
}

const count = (): Count => {
  const m = tf.memory();
  return { tensors: m.numTensors, buffers: m.numDataBuffers };
};

/** Values spread over about [-1, 1], different for every `salt`. */
function filled(shape: number[], salt: number): HostTensor {
  const n = shape.reduce((a, c) => a * c, 1);
  return tensor(
    Float32Array.from({ length: n }, (_, i) => Math.sin(1.3 * i + salt)),
    shape,
  );
}

function mask(shape: number[], keep: (i: number) => boolean): HostTensor {
  return tensor(
    Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => (keep(i) ? 1 : 0)),
    shape,
    'bool',
  );
}

/**
 * Compiles `graph` (the count taken before), runs it `runs` times, checks that the count after each run
 * equals the count after the first and that every run gives the first run's outputs, disposes, and checks
 * the count is back where it started.
 */
async function expectNoLeak(be: Backend, graph: Graph, inputs: Record<string, HostTensor>, runs: number): Promise<void> {
  const before = count();
  const compiled = await be.compile(graph);
  const first = await compiled.run(inputs, initWeights(graph, { seed: 3 }));
  const steady = count();
  // New arrays with the same values: the second run re-uploads every weight and frees the first upload;
  // later runs pass these same arrays again, as a caller holding its weights would, and hit the cache.
  const weights = initWeights(graph, { seed: 3 });
  for (let i = 1; i < runs; i++) {
    const out = await compiled.run(inputs, weights);
    expect(count(), `after run ${i + 1}`).toEqual(steady);
    for (const o of graph.outputs) expect(out[o.name]!.data, `run ${i + 1}, output '${o.name}'`).toEqual(first[o.name]!.data);
  }
  compiled.dispose();
  expect(count()).toEqual(before);
}

function mhaGraph(): Graph {
  const layer = new MultiHeadAttention({ numHeads: 2, keyDim: 4, valueDim: 3 });
  return layer.build(
    {
      query: { dtype: 'float32', shape: ['batch', 5, 8] },
      value: { dtype: 'float32', shape: ['batch', 6, 7] },
      attention_mask: { dtype: 'bool', shape: ['batch', 5, 6] },
    },
    { useCausalMask: true, returnAttentionScores: true },
  );
}

function wrapperGraph(): Graph {
  const layer = new AttentionWrapper({
    cell: { className: 'LSTMCell', config: { units: 4 } },
    mechanism: 'bahdanau',
    returnSequences: true,
    returnState: true,
    returnAttention: true,
  });
  return layer.build({
    inputs: { dtype: 'float32', shape: ['batch', 'time', 3] },
    memory: { dtype: 'float32', shape: ['batch', 5, 4] },
    memory_mask: { dtype: 'bool', shape: ['batch', 5] },
    sequence_mask: { dtype: 'bool', shape: ['batch', 'time'] },
  });
}

/** y = Exp(Gather(x * w, idx, axis 1)) + 1: idx is fed, so an out-of-range index only shows when the graph runs. */
function gatherGraph(): Graph {
  const b = new GraphBuilder('gather_at_run_time');
  const x = b.input('x', { dtype: 'float32', shape: [3, 4] });
  const idx = b.input('idx', { dtype: 'int32', shape: [2] });
  const w = b.param('w', { dtype: 'float32', shape: [4] }, 'ones');
  const picked = b.op1('Gather', [b.op1('Mul', [x, w]), idx], { axis: 1 });
  b.output('y', b.op1('Add', [b.op1('Exp', [picked]), b.scalar(1)]));
  return b.build();
}

/**
 * A Scan whose step t reads table[t] (table has 4 entries): with 6 steps, step 4 throws after four steps
 * have made their states and output slices.
 */
function scanGatherGraph(): Graph {
  const b = new GraphBuilder('gather_in_scan');
  const xs = b.input('xs', { dtype: 'float32', shape: [2, 'time', 3] });
  const table = b.param('table', { dtype: 'float32', shape: [4] }, 'ones');
  const body = new GraphBuilder('gather_in_scan: body');
  const t = body.input('t', { dtype: 'int32', shape: [] });
  const acc = body.input('acc', { dtype: 'float32', shape: [2, 3] });
  const x = body.input('x', { dtype: 'float32', shape: [2, 3] });
  const tab = body.input('table', { dtype: 'float32', shape: [4] });
  const next = body.op1('Add', [acc, body.op1('Mul', [x, body.op1('Gather', [tab, t])])]);
  body.output('t_next', body.op1('Add', [t, body.scalar(1, 'int32')]));
  body.output('acc_next', next);
  body.output('y', body.op1('Tanh', [next]));
  const [, final, ys] = b.op('Scan', [b.scalar(0, 'int32'), b.constant(tensor(new Array<number>(6).fill(0), [2, 3])), xs, table], {
    body: body.build(),
    numScanInputs: 1,
    numCaptures: 1,
    scanInputAxes: [1],
    scanOutputAxes: [1],
  });
  b.output('final', final!);
  b.output('ys', ys!);
  return b.build();
}

describe.each([cpuBackend, wasmBackend])('$name frees every tensor', (be: Backend) => {
  // The count before `compile` is taken on the runtime the graph will run on (tf.memory() needs one active).
  beforeEach(() => useRuntime(be === wasmBackend ? 'wasm' : 'cpu'));

  it('100 runs of one compiled MultiHeadAttention graph', async () => {
    await expectNoLeak(
      be,
      mhaGraph(),
      {
        query: filled([2, 5, 8], 1),
        value: filled([2, 6, 7], 2),
        attention_mask: mask([2, 5, 6], (i) => i % 7 !== 3),
      },
      100,
    );
  });

  it('20 runs of one compiled AttentionWrapper graph (the Scan path)', async () => {
    await expectNoLeak(
      be,
      wrapperGraph(),
      {
        inputs: filled([2, 4, 3], 3),
        memory: filled([2, 5, 4], 4),
        memory_mask: mask([2, 5], (i) => i !== 4 && i !== 8),
        sequence_mask: mask([2, 4], (i) => i !== 7),
      },
      20,
    );
  });

  it('a run that throws at an out-of-range Gather index frees what it made', async () => {
    const graph = gatherGraph();
    const weights = initWeights(graph);
    const x = filled([3, 4], 5);
    const before = count();
    const compiled = await be.compile(graph);
    const ok = await compiled.run({ x, idx: tensor([0, -1], [2], 'int32') }, weights);
    const steady = count();
    for (const bad of [4, -5]) {
      await expect(compiled.run({ x, idx: tensor([1, bad], [2], 'int32') }, weights)).rejects.toThrow(
        new RegExp(`node 'Gather_\\d+' \\(Gather\\): index ${bad} is out of range for axis 1 of size 4`),
      );
      expect(count(), `after the error at index ${bad}`).toEqual(steady);
    }
    // The compiled graph still works after the errors.
    expect((await compiled.run({ x, idx: tensor([0, -1], [2], 'int32') }, weights))['y']!.data).toEqual(ok['y']!.data);
    expect(count()).toEqual(steady);
    compiled.dispose();
    expect(count()).toEqual(before);
  });

  it('a run that throws inside a Scan body at step 4 of 6 frees the steps before it', async () => {
    const graph = scanGatherGraph();
    const weights = initWeights(graph);
    const before = count();
    const compiled = await be.compile(graph);
    await compiled.run({ xs: filled([2, 4, 3], 6) }, weights);
    const steady = count();
    await expect(compiled.run({ xs: filled([2, 6, 3], 7) }, weights)).rejects.toThrow(/index 4 is out of range for axis 0 of size 4/);
    expect(count(), 'after the error').toEqual(steady);
    const again = await compiled.run({ xs: filled([2, 3, 3], 8) }, weights);
    expect(again['ys']!.shape).toEqual([2, 3, 3]);
    expect(count()).toEqual(steady);
    compiled.dispose();
    expect(count()).toEqual(before);
  });

  it('a run rejected before any op (a wrong input shape) makes no tensor', async () => {
    const graph = gatherGraph();
    const before = count();
    const compiled = await be.compile(graph);
    await expect(compiled.run({ x: filled([3, 5], 1), idx: tensor([0, 1], [2], 'int32') }, initWeights(graph))).rejects.toThrow();
    expect(count()).toEqual(before);
    compiled.dispose();
    expect(count()).toEqual(before);
  });
});
