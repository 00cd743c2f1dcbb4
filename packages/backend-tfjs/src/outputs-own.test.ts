/**
 * The outputs a run hands out are arrays nobody else holds, on both runtimes, whether `run` or a bound
 * runner made them: writing into one changes no weight, no later output and no other output. (On wasm
 * they are the runtime's fresh reads of its heap, handed out without a second copy; on cpu, copies of
 * the runtime's own buffers.)
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, tensor, type Backend, type Graph, type HostTensor } from '@layerspec/spec';
import { cpuBackend, wasmBackend } from './index.js';

/** Outputs: the weight as it is, the weight reshaped (tfjs shares its buffer), and x + w. */
function graph(): Graph {
  const b = new GraphBuilder('own_outputs');
  const x = b.input('x', { dtype: 'float32', shape: [4] });
  const w = b.param('w', { dtype: 'float32', shape: [4] }, 'zeros');
  b.output('w_out', w);
  b.output('w_flat', b.op1('Reshape', [w], { shape: [2, 2] }));
  b.output('sum', b.op1('Add', [x, w]));
  return b.build();
}

const x = tensor([1, 2, 3, 4]);
const weights = (): Record<string, HostTensor> => ({ w: tensor([10, 20, 30, 40]) });

describe.each([cpuBackend, wasmBackend])('$name', (be: Backend) => {
  it('hands out outputs of their own from run and from a bound runner', async () => {
    const g = graph();
    const compiled = await be.compile(g);
    const bound = await compiled.bind(weights());
    try {
      for (const run of [() => compiled.run({ x }, weights()), () => bound.run({ x })]) {
        const first = await run();
        const arrays = Object.values(first).map((t) => t.data);
        expect(new Set(arrays).size).toBe(arrays.length);
        for (const t of arrays) t.fill(-1);
        const second = await run();
        expect(Array.from(second['w_out']!.data)).toEqual([10, 20, 30, 40]);
        expect(Array.from(second['w_flat']!.data)).toEqual([10, 20, 30, 40]);
        expect(Array.from(second['sum']!.data)).toEqual([11, 22, 33, 44]);
        for (const t of Object.values(second)) expect(arrays).not.toContain(t.data);
      }
    } finally {
      compiled.dispose();
    }
  });
});
