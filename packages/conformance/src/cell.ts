/** One (subject, target, check) cell as a fast-check property over generated cases. */
import fc from 'fast-check';
import type { HostTensor } from '@layerspec/spec';
import { RTOL, type Comparison } from './compare.js';
import type { CellResult, ConformanceOptions } from './types.js';

/** What every generated case has: its input tensors (for the counterexample's size). */
export interface CheckedCase {
  inputs: Record<string, HostTensor>;
}

export interface Cell<C extends CheckedCase> {
  /** The layer name, or `graph:<name>` for a user graph. */
  subject: string;
  target: string;
  check: string;
  arb: fc.Arbitrary<C>;
  evaluate: (c: C) => Promise<Comparison>;
  /** A short JSON of a case, reported as the counterexample. */
  describe: (c: C) => string;
  /** The largest error that passes (RTOL unless the check is exact). */
  tolerance?: number;
}

class CheckFailed extends Error {}

export async function runCell<C extends CheckedCase>(cell: Cell<C>, options: ConformanceOptions): Promise<CellResult> {
  const tolerance = cell.tolerance ?? RTOL;
  let maxError = 0;
  let maxKappa = 1;
  let maxRawError = 0;
  const property = fc.asyncProperty(cell.arb, async (c) => {
    const { error, detail, kappa, rawError } = await cell.evaluate(c);
    if (!(error <= tolerance)) throw new CheckFailed(detail);
    maxError = Math.max(maxError, error);
    maxKappa = Math.max(maxKappa, kappa ?? 1);
    maxRawError = Math.max(maxRawError, rawError ?? error);
  });
  const details = await fc.check(property, {
    numRuns: options.runs,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
    endOnFailure: false,
  });
  const result: CellResult = {
    layer: cell.subject,
    target: cell.target,
    check: cell.check,
    cases: details.numRuns,
    maxError,
    maxKappa,
    maxRawError,
    passed: !details.failed,
  };
  if (details.failed) {
    const shrunk = details.counterexample?.[0];
    const err = details.errorInstance;
    result.failure = {
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      counterexample: shrunk ? cell.describe(shrunk) : '',
      ...(shrunk ? { inputElements: Object.values(shrunk.inputs).reduce((a, t) => a + t.data.length, 0) } : {}),
      message: err instanceof Error ? err.message : String(err),
    };
  }
  return result;
}

/** A cell with its case type closed over, so cells of different case types run in one list. */
export interface RunnableCell {
  subject: string;
  target: string;
  check: string;
  run: (options: ConformanceOptions) => Promise<CellResult>;
}

export function runnable<C extends CheckedCase>(cell: Cell<C>): RunnableCell {
  return { subject: cell.subject, target: cell.target, check: cell.check, run: (options) => runCell(cell, options) };
}

/** Runs the cells in order; a cell whose machinery throws (not its property) comes back failed. */
export async function runCells(cells: readonly RunnableCell[], options: ConformanceOptions): Promise<CellResult[]> {
  const results: CellResult[] = [];
  for (const cell of cells) {
    let result: CellResult;
    try {
      result = await cell.run(options);
    } catch (e) {
      result = {
        layer: cell.subject,
        target: cell.target,
        check: cell.check,
        cases: 0,
        maxError: Infinity,
        passed: false,
        failure: { seed: options.seed ?? 0, path: '', counterexample: '', message: e instanceof Error ? e.message : String(e) },
      };
    }
    results.push(result);
    options.onProgress?.(results.length, cells.length, `${cell.subject} / ${cell.target} / ${cell.check}`);
  }
  return results;
}
