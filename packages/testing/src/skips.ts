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
const NATIVE_INT_DIV = 'onnxruntime-node runs int32 Div as a native C++ division, which traps (SIGFPE) on a zero divisor and on -2^31 / -1 and kills the process';

export const SKIPS: readonly Skip[] = [
  { target: /^tfjs/, op: 'Div', name: /^int32 by zero$/, reason: 'tfjs divides int32 by zero without failing; the lowering does not check divisors (it would cost a read of the divisor per run)' },
  { target: /^tfjs/, op: 'Scan', name: LENGTH_0, reason: 'the tfjs backend cannot scan a sequence of length 0 (it says so, naming the node)' },
  { target: /^onnx-node/, op: 'Div', name: /^int32 by zero$|-2\^31 by -1|assorted divisors/, reason: NATIVE_INT_DIV },
  { target: /^onnx-web/, op: 'Div', name: /-2\^31 by -1|assorted divisors/, reason: 'onnxruntime-web traps on int32 -2^31 / -1 (WebAssembly: divide result unrepresentable) instead of wrapping' },
  { target: /^onnx/, op: 'Scan', name: LENGTH_0, reason: 'onnxruntime fails on a Scan of length 0 (WebAssembly: divide by zero)' },
  { target: /^onnx/, op: 'ReduceMax', name: /propagates NaN/, reason: "onnxruntime's ReduceMax drops NaN instead of propagating it; the exporter does not patch it yet" },
  { target: /^onnx/, op: 'ReduceSum', name: /^int32 over the whole range/, reason: "onnxruntime's int32 ReduceSum does not wrap on overflow like numpy (it gives -2^31)" },
  { target: /^onnx/, op: 'Slice', name: /starts \[\]/, reason: 'the exporter writes a Slice without starts as a one-input Slice node, which onnxruntime rejects' },
  { target: /^onnx/, op: 'MatMul', name: /T\(4,3\) @ \(4\)$/, reason:
    'onnxruntime gives wrong values for Transpose(2-D) then MatMul with a 1-D right operand on both runtimes, the Identity between them ' +
    'notwithstanding (the same product fed untransposed is right; its graph optimizer fusing the Transpose into the MatMul is the likely cause); ' +
    'the exporter does not work around it yet' },
];

export function skipReason(target: Target, c: OpCase): string | undefined {
  return SKIPS.find((s) => s.target.test(target.label) && s.op === c.op && (!s.name || s.name.test(c.name)))?.reason;
}
