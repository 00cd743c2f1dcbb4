/**
 * Op cases a backend does not run, each with the reason. A case is skipped when the target's label
 * matches `target`, the case's op is `op` and its name matches `name` (or `name` is absent).
 */
import type { OpName } from '@layerspec/spec';
import type { OpCase } from './op-cases/types.js';
import type { Target } from './targets.js';

export interface Skip {
  readonly target: RegExp;
  readonly op: OpName;
  readonly name?: RegExp;
  readonly reason: string;
}

const LENGTH_0 = /length 0|then 0/;

export const SKIPS: readonly Skip[] = [
  {
    target: /^tfjs/,
    op: 'Div',
    name: /^int32 by zero$/,
    reason:
      'tfjs divides int32 by zero without failing; the lowering does not check divisors (it would cost a read of the divisor per run)',
  },
  {
    target: /^tfjs/,
    op: 'Scan',
    name: LENGTH_0,
    reason: 'the tfjs backend cannot scan a sequence of length 0 (it says so, naming the node)',
  },
  { target: /^onnx/, op: 'Scan', name: LENGTH_0, reason: 'onnxruntime fails on a Scan of length 0 (WebAssembly: divide by zero)' },
];

export function skipReason(target: Target, c: OpCase): string | undefined {
  return SKIPS.find((s) => s.target.test(target.label) && s.op === c.op && (!s.name || s.name.test(c.name)))?.reason;
}
