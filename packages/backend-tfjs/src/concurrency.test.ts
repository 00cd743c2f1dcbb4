/**
 * Runs of compiled graphs on both TensorFlow.js runtimes at once: each runs on its own runtime (tfjs has
 * one active backend per process), and dispose during a run frees everything when the run ends.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GraphBuilder, MultiHeadAttention, initWeights, tensor, type Graph, type HostTensor } from '@layerspec/spec';
import { cpuBackend, wasmBackend } from './backend.js';
import { tf } from './tf.js';

function oneOp(op: 'Softmax' | 'MatMul'): Graph {
  const b = new GraphBuilder(op);
  const x = b.input('x', { dtype: 'float32', shape: ['n', 4] });
  b.output(
    'y',
    op === 'Softmax'
      ? b.op1('Softmax', [x], { axis: -1 })
      : b.op1('MatMul', [x, b.param('w', { dtype: 'float32', shape: [4, 4] }, 'ones')]),
  );
  return b.build();
}

const x = tensor(
  Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)),
  [3, 4],
);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('tfjs-cpu and tfjs-wasm graphs run concurrently', () => {
  it('each kernel runs on the runtime its graph was compiled for', async () => {
    const onCpu = await cpuBackend.compile(oneOp('Softmax'));
    const onWasm = await wasmBackend.compile(oneOp('MatMul'));
    const engine = tf.engine();
    const runKernel = engine.runKernel.bind(engine);
    const seen: string[] = [];
    vi.spyOn(engine, 'runKernel').mockImplementation((name, inputs, attrs) => {
      seen.push(`${name}@${engine.backendName}`);
      return runKernel(name, inputs, attrs);
    });
    const weights = initWeights(oneOp('MatMul'));
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? onCpu.run({ x }, {}) : onWasm.run({ x }, weights))));
    expect(seen.filter((s) => s.startsWith('Softmax@'))).toEqual(Array(5).fill('Softmax@cpu'));
    expect(seen.filter((s) => s.startsWith('BatchMatMul@'))).toEqual(Array(5).fill('BatchMatMul@wasm'));
    onCpu.dispose();
    onWasm.dispose();
  });
});

describe.each([cpuBackend, wasmBackend].map((b) => ({ b, name: b.name })))('$name: dispose during a run', ({ b }) => {
  it('lets the run finish, then frees the weights; nothing is uploaded after; a later run is a clear error', async () => {
    const graph = new MultiHeadAttention({ numHeads: 2, keyDim: 2 }).build({
      query: { dtype: 'float32', shape: ['b', 't', 4] },
      value: { dtype: 'float32', shape: ['b', 's', 4] },
    });
    const inputs: Record<string, HostTensor> = {
      query: tensor(new Float32Array(24), [2, 3, 4]),
      value: tensor(new Float32Array(40), [2, 5, 4]),
    };
    const weights = initWeights(graph);
    const warm = await b.compile(graph);
    await warm.run(inputs, weights); // the runtime started, so its first-use tensors are not counted
    warm.dispose();
    const before = tf.memory().numTensors;
    const c = await b.compile(graph);
    const running = [c.run(inputs, weights), c.run(inputs, weights)];
    c.dispose();
    for (const r of await Promise.all(running)) expect(r['output']!.shape).toEqual([2, 3, 4]);
    expect(tf.memory().numTensors).toBe(before);
    await expect(c.run(inputs, weights)).rejects.toThrow(/this compiled graph was disposed/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
