/**
 * Shape and dtype inference of one node for the op tests (ops/inference*.test.ts). Test-only:
 * tsconfig.build.json leaves src/testing out of dist.
 */
import { expect } from 'vitest';
import { tensor } from '../tensor.js';
import type { DType, Dim, HostTensor } from '../types.js';
import type { ValueInfo } from '../ops/define.js';
import { inferNode, resolveAttrs } from '../ops/resolve.js';
import type { AttrsOf, OpName } from '../ops/table.js';
import { errorOf } from './helpers.js';

export const INT_MAX = 2147483647;
export const INT_MIN = -2147483648;

export const where = (op: OpName): string => `test: node 'n1' (${op})`;

/** Shape and dtype inference of one node, exactly as the builder and verifier run it. */
export function infer<K extends OpName>(op: K, inputs: readonly (ValueInfo | undefined)[], attrs: Partial<AttrsOf<K>> = {}): ValueInfo[] {
  return inferNode(op, inputs, resolveAttrs(op, attrs, where(op)), where(op));
}

export function infer1<K extends OpName>(op: K, inputs: readonly (ValueInfo | undefined)[], attrs: Partial<AttrsOf<K>> = {}): ValueInfo {
  const out = infer(op, inputs, attrs);
  expect(out).toHaveLength(1);
  return out[0]!;
}

/** Asserts that inferring `op` fails with a message naming the node and op, and containing every fragment. */
export function expectInferError<K extends OpName>(
  op: K,
  inputs: readonly (ValueInfo | undefined)[],
  attrs: Partial<AttrsOf<K>>,
  ...fragments: string[]
): void {
  const message = errorOf(() => infer(op, inputs, attrs));
  expect(message.startsWith(`${where(op)}: `)).toBe(true);
  for (const f of fragments) expect(message).toContain(f);
}

export const t = (dtype: DType, ...shape: Dim[]): ValueInfo => ({ dtype, shape });
export const f32 = (...shape: Dim[]): ValueInfo => t('float32', ...shape);
export const i32 = (...shape: Dim[]): ValueInfo => t('int32', ...shape);
export const bool = (...shape: Dim[]): ValueInfo => t('bool', ...shape);

/** The ValueInfo of a Constant node holding `value` (int32 rank <= 1 constants carry their contents). */
export const constant = (value: HostTensor): ValueInfo => infer1('Constant', [], { value });
export const ints = (...values: number[]): ValueInfo => constant(tensor(values, [values.length], 'int32'));
export const shapeOf = (x: ValueInfo, attrs: Partial<AttrsOf<'Shape'>> = {}): ValueInfo => infer1('Shape', [x], attrs);
