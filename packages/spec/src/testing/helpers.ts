/**
 * Helpers shared by the spec tests. Test-only: tsconfig.build.json leaves it out of dist.
 */
import { expect } from 'vitest';
import { LayerspecError } from '../errors.js';
import type { Graph, GraphValue } from '../graph/types.js';
import type { Dim } from '../types.js';

/** The message of the LayerspecError that `fn` throws; fails the test if it throws nothing or something else. */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LayerspecError);
    return (e as Error).message;
  }
  expect.fail('expected a LayerspecError, nothing was thrown');
}

/** [name, dtype, shape] of each value, in order: compact to compare against LAYERS.md. */
export const summary = (values: readonly GraphValue[]): [string, string, Dim[]][] =>
  values.map((v) => [v.name, v.type.dtype, [...v.type.shape]]);

/** [name, shape] of each param of `g`, in order. */
export const paramShapes = (g: Graph): [string, Dim[]][] => g.params.map((p) => [p.name, [...p.type.shape]]);
