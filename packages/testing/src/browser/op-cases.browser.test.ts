/**
 * The op-case table (../op-cases/table.ts) on every browser target, checked as the Node suite checks it
 * (../op-cases.test.ts): outputs against the case's values, else the reference engine's; error cases must
 * fail. Skipped: ../skips.ts, and BROWSER_SKIPS for what only the GPU runtimes do.
 */
import { describe, expect, it } from 'vitest';
import { OP_NAMES, type HostTensor, type OpName } from '@layerspec/spec';
import { expectClose } from '../compare.js';
import { OP_CASES } from '../op-cases/table.js';
import type { OpCase } from '../op-cases/types.js';
import { skipReason } from '../skips.js';
import type { Target } from '../targets.js';
import { browserSkipReason } from './skips.js';
import { BROWSER_TARGETS, refBackend } from './targets.js';

type Outputs = Record<string, HostTensor>[];

async function runAll(target: Pick<Target, 'backend' | 'options'>, c: OpCase): Promise<Outputs> {
  const compiled = await target.backend.compile(c.graph, target.options);
  try {
    const outs: Outputs = [];
    for (const feeds of c.runs) outs.push(await compiled.run(feeds, {}));
    return outs;
  } finally {
    compiled.dispose();
  }
}

const oracle = new Map<OpCase, Promise<Outputs>>();
function reference(c: OpCase): Promise<Outputs> {
  let p = oracle.get(c);
  if (!p) oracle.set(c, (p = runAll({ backend: refBackend, options: {} }, c)));
  return p;
}

async function check(target: Target, c: OpCase): Promise<void> {
  if (c.error) {
    await expect(runAll(target, c)).rejects.toThrow(target.layerspecErrors ? c.error : /./);
    return;
  }
  const got = await runAll(target, c);
  const fromOracle = target.backend === refBackend ? undefined : await reference(c);
  const tol = c.tol ?? target.rtol;
  c.runs.forEach((_, r) => {
    for (const o of c.graph.outputs) {
      const label = `run ${r}, output '${o.name}'`;
      const given = c.expected?.[r]?.[o.name];
      if (given) expectClose(label, got[r]![o.name], given, tol);
      else if (fromOracle) expectClose(label, got[r]![o.name], fromOracle[r]![o.name]!, tol);
      else expect(got[r]![o.name]?.dtype, `${label}: dtype`).toBe(o.type.dtype);
    }
  });
}

describe.each(BROWSER_TARGETS)('$label', (target) => {
  describe.each(OP_NAMES)('%s', (op: OpName) => {
    const cases = OP_CASES[op].map((c) => ({ c, name: c.name, skip: skipReason(target, c) ?? browserSkipReason(target, c) }));
    const run = cases.filter((x) => !x.skip);
    const skipped = cases.filter((x) => x.skip);
    if (run.length) it.each(run)('$name', ({ c }) => check(target, c));
    if (skipped.length) it.skip.each(skipped)('$name (skipped: $skip)', () => undefined);
  });
});
