/**
 * What the kernel test files (src/kernels/kernels-*.test.ts) share: the ops each one covers, a check that
 * together they cover OPS exactly, and a one-op runner that records the ops it ran.
 * Test-only: tsconfig.build.json leaves it out of dist.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder, OP_NAMES, type AttrsOf, type HostTensor, type OpName } from '@layerspec/spec';
import { backend } from '../index.js';

/** Covered by kernels-math.test.ts. */
export const MATH_OPS: readonly OpName[] = [
  'Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual',
  'And', 'Or', 'Xor', 'Where', 'Identity', 'Neg', 'Abs', 'Not', 'Tanh', 'Sigmoid', 'Relu', 'Exp', 'Log', 'Sqrt',
  'Reciprocal', 'Erf', 'Cast', 'Softmax', 'ReduceSum', 'ReduceMean', 'ReduceMax', 'Constant', 'Dropout',
];

/** Covered by kernels-layout.test.ts. */
export const LAYOUT_OPS: readonly OpName[] = [
  'MatMul', 'Transpose', 'Reshape', 'Unsqueeze', 'Squeeze', 'Expand', 'Concat', 'Slice', 'Gather', 'Shape', 'Trilu',
];

/** Covered by kernels-scan.test.ts. */
export const SCAN_OPS: readonly OpName[] = ['Scan'];

/** Compiles what `b` built and runs it with graph inputs x0, x1, ... bound to `inputs` (undefined = not fed). */
export async function runBuilt(b: GraphBuilder, inputs: readonly (HostTensor | undefined)[]): Promise<Record<string, HostTensor>> {
  const compiled = await backend.compile(b.build());
  const feeds: Record<string, HostTensor> = {};
  inputs.forEach((t, i) => {
    if (t) feeds[`x${i}`] = t;
  });
  try {
    return await compiled.run(feeds, {});
  } finally {
    compiled.dispose();
  }
}

export interface KernelOpRunner {
  /** One `op` node over graph inputs x0, x1, ... (undefined = omitted optional input); returns output y. */
  run<K extends OpName>(op: K, inputs: readonly (HostTensor | undefined)[], attrs?: Partial<AttrsOf<K>>): Promise<HostTensor>;
  /** The ops that went through the engine so far; a test that builds its own graph adds its ops here. */
  readonly ran: Set<OpName>;
}

/**
 * Sets up a kernel test file that covers `covered`: registers the check that the kernel test files split
 * OPS exactly, and one that runs after the file's tests: each covered op went through the engine at least
 * once. Call at the top level of the test file.
 */
export function kernelOpRunner(covered: readonly OpName[]): KernelOpRunner {
  const ran = new Set<OpName>();

  describe('op coverage', () => {
    it('the three kernel test files split OPS exactly', () => {
      const listed = [...MATH_OPS, ...LAYOUT_OPS, ...SCAN_OPS];
      expect(OP_NAMES.filter((op) => !listed.includes(op)), 'ops in OPS that no kernel test covers').toEqual([]);
      expect(listed.filter((op) => !OP_NAMES.includes(op)), 'listed ops missing from OPS').toEqual([]);
      expect(new Set(listed).size, 'an op listed twice').toBe(listed.length);
    });
  });

  afterAll(() => {
    expect(covered.filter((op) => !ran.has(op))).toEqual([]);
  });

  async function run<K extends OpName>(op: K, inputs: readonly (HostTensor | undefined)[], attrs: Partial<AttrsOf<K>> = {}): Promise<HostTensor> {
    ran.add(op);
    const b = new GraphBuilder(`t_${op}`);
    const values = inputs.map((t, i) => (t ? b.input(`x${i}`, { dtype: t.dtype, shape: t.shape }) : undefined));
    b.output('y', b.op1(op, values, attrs));
    return (await runBuilt(b, inputs))['y']!;
  }

  return { run, ran };
}
