import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../graph/builder.js';
import type { Graph } from '../graph/types.js';
import { tensor, zerosTensor } from '../tensor.js';
import { errorOf } from '../testing/helpers.js';
import type { HostTensor } from '../types.js';
import { bindRun } from './bind.js';
import { BoundRuns, BoundSet, bindInputs, holdWeights, type HeldWeights } from './bound.js';

/** y = x @ w + b. */
function affine(): Graph {
  const b = new GraphBuilder('affine');
  const x = b.input('x', { dtype: 'float32', shape: ['n', 2] });
  const w = b.param('w', { dtype: 'float32', shape: [2, 3] }, 'zeros');
  const bias = b.param('b', { dtype: 'float32', shape: [3] }, 'zeros');
  b.output('y', b.op1('Add', [b.op1('MatMul', [x, w]), bias]));
  return b.build();
}

const weights = (): Record<string, HostTensor> => ({ w: tensor([1, 2, 3, 4, 5, 6], [2, 3]), b: tensor([0, 0, 1]) });

describe('holdWeights', () => {
  const g = affine();

  it('copies every weight: later changes to the given arrays do not reach the held copies', () => {
    const given = weights();
    const held = holdWeights(g, given);
    given['w']!.data[0] = 100;
    expect(held.weights['w']!.data[0]).toBe(1);
    expect(held.weights['w']!.data).not.toBe(given['w']!.data);
  });

  it('checks the weights as bindRun does', () => {
    expect(errorOf(() => holdWeights(g, { w: weights()['w']! }))).toBe("affine: missing weight 'b' of type float32[3]");
    expect(errorOf(() => holdWeights(g, { ...weights(), c: tensor([1]) }))).toBe("affine: unknown weight 'c' (weights: w, b)");
    expect(errorOf(() => holdWeights(g, { ...weights(), b: tensor([0, 0]) }))).toMatch(/^affine: weight 'b' dim 0 must be 3, got 2/);
    expect(errorOf(() => holdWeights(g, { ...weights(), b: tensor([0, 0, 1], [3], 'int32') }))).toBe(
      "affine: weight 'b' must be float32, got int32",
    );
  });
});

describe('bindInputs', () => {
  const g = affine();
  const held = holdWeights(g, weights());

  it('gives the sizes and types bindRun gives for the same tensors', () => {
    const x = zerosTensor([4, 2]);
    const { sizes, types } = bindInputs(held, { x });
    expect(Object.fromEntries(sizes)).toEqual(Object.fromEntries(bindRun(g, { x }, weights())));
    expect(types.get(g.outputs[0]!.name)?.shape).toEqual([4, 3]);
  });

  it('checks the inputs before anything runs', () => {
    expect(errorOf(() => bindInputs(held, {}))).toBe("affine: missing input 'x' of type float32[n, 2]");
    expect(errorOf(() => bindInputs(held, { x: zerosTensor([4, 2]), z: zerosTensor([1]) }))).toBe("affine: unknown input 'z' (inputs: x)");
    expect(errorOf(() => bindInputs(held, { x: zerosTensor([4, 5]) }))).toMatch(/^affine: input 'x' dim 1 must be 2, got 5/);
    expect(errorOf(() => bindInputs(held, { x: tensor([1, 2], [1, 2], 'int32') }))).toBe("affine: input 'x' must be float32, got int32");
    expect(errorOf(() => bindInputs(held, { x: zerosTensor([4]) }))).toMatch(/^affine: input 'x' must have rank 2/);
    expect(errorOf(() => bindInputs(held, 'x' as never))).toMatch(/^affine: the inputs must be an object of named tensors/);
    expect(errorOf(() => bindInputs(held, { x: zerosTensor([400, 2]) }, { memoryLimitBytes: 100 }))).toMatch(/over the memory limit/);
  });
});

/** A bound runner whose runs wait for `gate`, recording what it executes and releases. */
class Probe extends BoundRuns {
  released = 0;
  ran: string[] = [];
  gate: Promise<void> = Promise.resolve();

  constructor(held: HeldWeights) {
    super(held, {});
  }

  protected async execute(inputs: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    await this.gate;
    this.ran.push(Object.keys(inputs).join(','));
    return { y: this.held.weights['b']! };
  }

  protected release(): void {
    this.released++;
  }
}

describe('BoundRuns', () => {
  const g = affine();

  it('runs with the held weights, rejects bad inputs before execute, and a run after dispose', async () => {
    const p = new Probe(holdWeights(g, weights()));
    expect((await p.run({ x: zerosTensor([1, 2]) }))['y']!.data).toEqual(Float32Array.from([0, 0, 1]));
    await expect(p.run({ x: zerosTensor([1, 3]) })).rejects.toThrow(/^affine: input 'x' dim 1 must be 2/);
    expect(p.ran).toEqual(['x']);
    p.dispose();
    p.dispose();
    expect(p.released).toBe(1);
    await expect(p.run({ x: zerosTensor([1, 2]) })).rejects.toThrow('affine: this bound graph was disposed');
    expect(p.ran).toEqual(['x']);
  });

  it('dispose during a run lets it finish, then releases once', async () => {
    const p = new Probe(holdWeights(g, weights()));
    let open!: () => void;
    p.gate = new Promise((resolve) => (open = resolve));
    const running = p.run({ x: zerosTensor([1, 2]) });
    p.dispose();
    expect(p.released).toBe(0);
    open();
    await running;
    expect(p.released).toBe(1);
  });
});

describe('BoundSet', () => {
  const g = affine();

  it('disposes the open runners with the compiled graph, forgets disposed ones, and refuses new ones after', () => {
    const set = new BoundSet('affine');
    const a = set.add(new Probe(holdWeights(g, weights())));
    const b = set.add(new Probe(holdWeights(g, weights())));
    b.dispose();
    expect(set.size).toBe(1);
    set.disposeAll();
    expect([a.released, b.released, set.size]).toEqual([1, 1, 0]);
    expect(() => set.check()).toThrow('affine: this compiled graph was disposed');
    const late = new Probe(holdWeights(g, weights()));
    expect(() => set.add(late)).toThrow('affine: this compiled graph was disposed');
    expect(late.released).toBe(1);
  });
});
