/**
 * Host reads on tfjs-webgpu (SwiftShader): the small int32 inputs some kernels read on the host (a Gather
 * index, an Expand shape, a Trilu offset) are often computed on the GPU, where tfjs-webgpu's synchronous
 * read (through a canvas) gives zeros and then loses the device.
 * - A compiled graph runs asynchronously, Scan bodies included: a body whose Gather index and Trilu offset
 *   come from a state computed by a GPU kernel (Relu) gives tfjs-cpu's results, and frees every tensor it
 *   made, also when a step fails.
 * - A tf.layers layer runs synchronously: an Embedding applied to ids computed on the GPU throws a clear
 *   error before any read (the device stays usable); ids made from host data, which tfjs-webgpu keeps on
 *   the CPU, give tfjs-cpu's results. Likewise a PositionEmbedding in a model whose sequence length is
 *   symbolic (its positions are computed with a Select and a Sum, which tfjs-webgpu runs on the GPU)
 *   throws; with a fixed length (the positions are a constant) it gives tfjs-cpu's results.
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, getBackend, tensor, type Graph, type HostTensor } from '@layerspec/spec';
import { tf, tfl, useRuntime } from '@layerspec/backend-tfjs';
import { BROWSER_TARGETS } from './targets.js';

const ON_WEBGPU = BROWSER_TARGETS.some((t) => t.label === 'tfjs-webgpu');

/**
 * A Scan over xs [2, T, 3]: step t gathers row t + 1 of `table` (the index is the float state `step`, made
 * by Relu from step 1 on, cast to int32 plus a captured 1), expands it to the slice's shape, adds slice *
 * row to `acc`, and outputs the lower part of `acc` from diagonal t.
 */
function scanGraph(): Graph {
  const b = new GraphBuilder('webgpu_scan_host_reads');
  const xs = b.input('xs', { dtype: 'float32', shape: [2, 'time', 3] });
  const table = b.input('table', { dtype: 'float32', shape: [6, 3] });
  const one = b.op1('Cast', [b.scalar(1.5)], { to: 'int32' });
  const body = new GraphBuilder('webgpu_scan_host_reads: body');
  const step = body.input('step', { dtype: 'float32', shape: [] });
  const acc = body.input('acc', { dtype: 'float32', shape: [2, 3] });
  const x = body.input('x', { dtype: 'float32', shape: [2, 3] });
  const tab = body.input('table', { dtype: 'float32', shape: [6, 3] });
  const inc = body.input('one', { dtype: 'int32', shape: [] });
  const idx = body.op1('Add', [body.op1('Cast', [step], { to: 'int32' }), inc]);
  const row = body.op1('Expand', [body.op1('Gather', [tab, idx], { axis: 0 }), body.op1('Shape', [x])]);
  const next = body.op1('Add', [acc, body.op1('Mul', [x, row])]);
  body.output('step_next', body.op1('Relu', [body.op1('Add', [step, body.scalar(1)])]));
  body.output('acc_next', next);
  body.output('y', body.op1('Trilu', [next, body.op1('Sub', [idx, inc])], { upper: false }));
  const [s, a, ys] = b.op('Scan', [b.scalar(0), b.constant(tensor(new Array<number>(6).fill(0.5), [2, 3])), xs, table, one], {
    body: body.build(),
    numScanInputs: 1,
    numCaptures: 2,
    scanInputAxes: [1],
    scanOutputAxes: [1],
  });
  b.output('step', s!);
  b.output('acc', a!);
  b.output('ys', ys!);
  return b.build();
}

async function runOn(name: string, graph: Graph, inputs: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
  const compiled = await getBackend(name).compile(graph);
  try {
    return await compiled.run(inputs, {});
  } finally {
    compiled.dispose();
  }
}

const worst = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe.runIf(ON_WEBGPU)('host reads on tfjs-webgpu', () => {
  it('a compiled Scan whose body gathers at an index computed on the GPU gives tfjs-cpu results, and frees its tensors', async () => {
    const graph = scanGraph();
    const inputs = {
      xs: tensor(
        Float32Array.from({ length: 2 * 5 * 3 }, (_, i) => Math.sin(0.7 * i + 1)),
        [2, 5, 3],
      ),
      table: tensor(
        Float32Array.from({ length: 18 }, (_, i) => i - 8),
        [6, 3],
      ),
    };
    const want = await runOn('tfjs-cpu', graph, inputs);
    await useRuntime('webgpu');
    const before = tf.memory().numTensors;
    const got = await runOn('tfjs-webgpu', graph, inputs);
    expect(tf.memory().numTensors).toBe(before);
    expect(got['step']!.data).toEqual(Float32Array.from([5]));
    for (const name of ['acc', 'ys']) expect(worst(got[name]!.data, want[name]!.data), name).toBeLessThanOrEqual(1e-5);
    // Six steps: the last gathers row 6 of 6 and throws, after five steps made their tensors.
    const long = { ...inputs, xs: tensor(new Float32Array(2 * 6 * 3).fill(0.25), [2, 6, 3]) };
    await expect(runOn('tfjs-webgpu', graph, long)).rejects.toThrow(/index 6 is out of range for axis 0 of size 6/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a tf.layers Embedding on GPU-computed ids throws before reading them; on host-made ids it matches tfjs-cpu', async () => {
    const ids = [3, 0, 7, 5, 1, 2];
    const outputs: Float32Array[] = [];
    for (const runtime of ['cpu', 'webgpu'] as const) {
      await useRuntime(runtime);
      const layer = tfl.embedding({ inputDim: 8, outputDim: 4 });
      const y = tf.tidy(() => layer.apply(tf.tensor(ids, [2, 3], 'int32')) as tf.Tensor);
      outputs.push(Float32Array.from(await y.data()));
      y.dispose();
      if (runtime === 'webgpu') {
        // Relu runs on the GPU: the ids it yields are only in GPU memory.
        const gpuIds = tf.tidy(() => tf.cast(tf.relu(tf.tensor(ids, [2, 3])), 'int32'));
        const before = tf.memory().numTensors;
        expect(() => layer.apply(gpuIds)).toThrow(/on tfjs-webgpu its values are only in GPU memory/);
        expect(tf.memory().numTensors).toBe(before);
        // Nothing was read synchronously: the device still computes.
        expect(Array.from(await gpuIds.data())).toEqual(ids);
        gpuIds.dispose();
      }
      layer.dispose();
    }
    expect(worst(outputs[1]!, outputs[0]!)).toBe(0);
  });

  it('a tf.layers PositionEmbedding throws for a symbolic sequence length and matches tfjs-cpu for a fixed one', async () => {
    // Made from host data on each runtime: moving a GPU tensor to another backend would read it synchronously.
    const values = Float32Array.from({ length: 2 * 5 * 8 }, (_, i) => Math.sin(i));
    const outputs: Float32Array[] = [];
    for (const runtime of ['cpu', 'webgpu'] as const) {
      await useRuntime(runtime);
      const x = tf.tensor(values, [2, 5, 8]);
      const layer = tfl.positionEmbedding({ sequenceLength: 16 });
      const fixed = tf.input({ shape: [5, 8] });
      const y = tf.model({ inputs: fixed, outputs: layer.apply(fixed) as tf.SymbolicTensor }).predict(x) as tf.Tensor;
      outputs.push(Float32Array.from(await y.data()));
      y.dispose();
      if (runtime === 'webgpu') {
        // A layer of its own: one built for a fixed length keeps that graph for inputs of that length.
        const other = tfl.positionEmbedding({ sequenceLength: 16 });
        const symbolic = tf.input({ shape: [null, 8] });
        const model = tf.model({ inputs: symbolic, outputs: other.apply(symbolic) as tf.SymbolicTensor });
        const before = tf.memory().numTensors;
        expect(() => model.predict(x)).toThrow(/node 'Gather_\d+' \(Gather\): .* only in GPU memory/);
        expect(tf.memory().numTensors).toBe(before);
        other.dispose();
      }
      x.dispose();
      layer.dispose();
    }
    expect(worst(outputs[1]!, outputs[0]!)).toBe(0);
  });
});
