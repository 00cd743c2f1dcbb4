/**
 * Bound runners on both TensorFlow.js runtimes: bind uploads one tensor per weight, a run adds none
 * that outlives it (also when it throws), and `dispose` of the runner, or of its compiled graph, frees
 * the weights; dispose during a run frees them when the run ends. Probe: `tf.memory().numTensors`.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { GraphBuilder, MultiHeadAttention, initWeights, tensor, type Backend, type Graph, type HostTensor } from '@layerspec/spec';
import { cpuBackend, tf, useRuntime, wasmBackend } from './index.js';

const tensors = (): number => tf.memory().numTensors;

const filled = (shape: number[], salt: number): HostTensor =>
  tensor(
    Float32Array.from({ length: shape.reduce((a, c) => a * c, 1) }, (_, i) => Math.sin(1.3 * i + salt)),
    shape,
  );

const mha = (): Graph =>
  new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).build({
    query: { dtype: 'float32', shape: ['batch', 5, 8] },
    value: { dtype: 'float32', shape: ['batch', 6, 8] },
  });

/** y = Exp(Gather(x * w, idx, axis 1)): an out-of-range idx throws while the graph runs. */
function gatherGraph(): Graph {
  const b = new GraphBuilder('gather_at_run_time');
  const x = b.input('x', { dtype: 'float32', shape: [3, 4] });
  const idx = b.input('idx', { dtype: 'int32', shape: [2] });
  const w = b.param('w', { dtype: 'float32', shape: [4] }, 'ones');
  b.output('y', b.op1('Exp', [b.op1('Gather', [b.op1('Mul', [x, w]), idx], { axis: 1 })]));
  return b.build();
}

describe.each([cpuBackend, wasmBackend])('$name bound runners free every tensor', (be: Backend) => {
  beforeEach(() => useRuntime(be === wasmBackend ? 'wasm' : 'cpu'));
  const inputs = { query: filled([2, 5, 8], 1), value: filled([2, 6, 8], 2) };

  it('bind uploads the weights once; 50 runs keep the count; dispose frees them', async () => {
    const graph = mha();
    const compiled = await be.compile(graph);
    const weights = initWeights(graph, { seed: 3 });
    const first = await compiled.run(inputs, weights);
    const before = tensors();
    const bound = await compiled.bind(weights);
    const held = tensors();
    // The weights the runs read, some of them computed from others at bind time (kernels reshaped to heads).
    expect(held).toBeGreaterThan(before);
    expect(held).toBeLessThanOrEqual(before + graph.params.length);
    for (let i = 0; i < 50; i++) {
      const out = (await bound.run(inputs))['output']!.data;
      out.forEach((v, j) => expect(v, `run ${i} value ${j}`).toBeCloseTo(first['output']!.data[j]!, 5));
      expect(tensors(), `after run ${i}`).toBe(held);
    }
    bound.dispose();
    expect(tensors()).toBe(before);
    compiled.dispose();
  });

  it("the compiled graph's dispose frees its open runners; dispose during a run frees after it", async () => {
    const graph = mha();
    const weights = initWeights(graph, { seed: 3 });
    const before = tensors();
    const compiled = await be.compile(graph);
    const a = await compiled.bind(weights);
    const b = await compiled.bind(weights);
    const held = tensors();
    const running = b.run(inputs);
    b.dispose();
    expect((await running)['output']!.shape).toEqual([2, 5, 8]);
    expect(tensors()).toBeLessThan(held);
    expect(tensors()).toBeGreaterThan(before);
    await a.run(inputs);
    compiled.dispose();
    expect(tensors()).toBe(before);
  });

  it('a bound run that throws while running frees what it made, and the runner still works', async () => {
    const graph = gatherGraph();
    const compiled = await be.compile(graph);
    const bound = await compiled.bind(initWeights(graph));
    const x = filled([3, 4], 5);
    const ok = await bound.run({ x, idx: tensor([0, -1], [2], 'int32') });
    const steady = tensors();
    await expect(bound.run({ x, idx: tensor([1, 4], [2], 'int32') })).rejects.toThrow(/index 4 is out of range for axis 1 of size 4/);
    expect(tensors()).toBe(steady);
    expect((await bound.run({ x, idx: tensor([0, -1], [2], 'int32') }))['y']!.data).toEqual(ok['y']!.data);
    compiled.dispose();
    expect(tensors()).toBe(steady - 1);
  });
});
