import type { ConcreteTypes, ScheduledNode, ValueInfo } from '@layerspec/spec';
import { tf, type Tensor } from './tf.js';

const isEmpty = (t: ValueInfo | undefined): t is ValueInfo & { shape: number[] } =>
  !!t && t.shape.every((d) => typeof d === 'number') && t.shape.includes(0);

/**
 * The outputs of a node that has nothing to compute, or undefined when it has work to do. TensorFlow.js
 * kernels are not all safe on empty tensors (wasm's Transpose divides by zero; broadcastTo to a 0 dim
 * keeps its input), so a node whose outputs are all empty gets zeros of their shapes, and a Scan over a
 * sequence of length 0 returns its initial states and empty scan outputs, as the reference engine does.
 */
export function emptyResults(
  s: ScheduledNode,
  ins: readonly (Tensor | undefined)[],
  types: ConcreteTypes | undefined,
): Tensor[] | undefined {
  if (!types) return undefined;
  const outs = s.node.outputs.map((o) => types.get(o));
  if (outs.length > 0 && outs.every(isEmpty)) return outs.map((t) => tf.zeros(t.shape, t.dtype));
  if (s.node.op !== 'Scan') return undefined;
  const { numScanInputs, numCaptures, scanInputAxes } = s.node.attrs;
  const numStates = ins.length - numScanInputs - numCaptures;
  const first = ins[numStates];
  const axis = scanInputAxes[0] ?? 0;
  if (numScanInputs === 0 || !first || first.shape[axis < 0 ? axis + first.rank : axis] !== 0) return undefined;
  const scanOutputs = outs.slice(numStates);
  if (!scanOutputs.every(isEmpty)) return undefined;
  return [...ins.slice(0, numStates).map((t) => tf.clone(t!)), ...scanOutputs.map((t) => tf.zeros(t.shape, t.dtype))];
}
