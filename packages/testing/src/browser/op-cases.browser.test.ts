/**
 * The op-case table (../op-cases/table.ts) on every browser target, checked as the Node suite checks it
 * (../op-cases.test.ts): outputs against the case's values, else the reference engine's; error cases must
 * fail. Skipped: ../skips.ts, and BROWSER_SKIPS for what only the GPU runtimes do.
 */
import { describe, it } from 'vitest';
import { OP_NAMES, type OpName } from '@layerspec/spec';
import { OP_CASES } from '../op-cases/table.js';
import { skipReason } from '../skips.js';
import { browserSkipReason } from './skips.js';
import { BROWSER_TARGETS } from './targets.js';
import { checkOpCase } from '../op-case-check.js';

describe.each(BROWSER_TARGETS)('$label', (target) => {
  describe.each(OP_NAMES)('%s', (op: OpName) => {
    const cases = OP_CASES[op].map((c) => ({ c, name: c.name, skip: skipReason(target, c) ?? browserSkipReason(target, c) }));
    const run = cases.filter((x) => !x.skip);
    const skipped = cases.filter((x) => x.skip);
    if (run.length) it.each(run)('$name', ({ c }) => checkOpCase(target, c));
    if (skipped.length) it.skip.each(skipped)('$name (skipped: $skip)', () => undefined);
  });
});
