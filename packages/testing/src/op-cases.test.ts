/**
 * The op-case table (op-cases/table.ts) run on every registered backend: each case compiled once, run on
 * the feeds of each of its runs, its outputs compared with the case's values where it gives them, else
 * with the reference engine's; error cases must fail with the case's message. SKIPS lists, with reasons,
 * what a backend does not run.
 */
import { describe, expect, it } from 'vitest';
import { OP_NAMES, type OpName } from '@layerspec/spec';
import { OP_CASES } from './op-cases/table.js';
import { opsOf } from './op-cases/types.js';
import { SKIPS, skipReason } from './skips.js';
import { TARGETS } from './targets.js';
import { checkOpCase } from './op-case-check.js';

describe('the op-case table', () => {
  it('has cases for every op of OPS', () => {
    expect(OP_NAMES.filter((op) => OP_CASES[op].length === 0)).toEqual([]);
  });
  it.each(OP_NAMES)('%s: names are unique and each graph uses the op', (op) => {
    const names = OP_CASES[op].map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const c of OP_CASES[op]) expect(opsOf(c.graph).has(op), c.name).toBe(true);
  });
  it('gives values for some cases of most ops (the rest compare with the reference engine)', () => {
    const withValues = OP_NAMES.filter((op) => OP_CASES[op].some((c) => c.expected || c.error));
    expect(withValues.length).toBeGreaterThanOrEqual(OP_NAMES.length - 1);
  });
  it('runs on every backend, onnxruntime-node included', () => {
    expect(TARGETS.map((t) => t.label)).toEqual([
      'ref',
      'tfjs-cpu',
      'tfjs-wasm',
      'onnx-web@17',
      'onnx-web@23',
      'onnx-node@17',
      'onnx-node@23',
    ]);
  });
  it('skips only cases that exist', () => {
    for (const s of SKIPS) {
      const hit = TARGETS.some((t) => s.target.test(t.label)) && OP_CASES[s.op].some((c) => !s.name || s.name.test(c.name));
      expect(hit, `${s.target} ${s.op} ${s.name ?? ''}`).toBe(true);
    }
  });
});

describe.each(TARGETS)('$label', (target) => {
  describe.each(OP_NAMES)('%s', (op: OpName) => {
    const cases = OP_CASES[op].map((c) => ({ c, name: c.name, skip: skipReason(target, c) }));
    const run = cases.filter((x) => !x.skip);
    const skipped = cases.filter((x) => x.skip);
    if (run.length) it.each(run)('$name', ({ c }) => checkOpCase(target, c));
    if (skipped.length) it.skip.each(skipped)('$name (skipped: $skip)', () => undefined);
  });
});
