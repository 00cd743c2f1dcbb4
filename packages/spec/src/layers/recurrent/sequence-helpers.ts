import type { GraphBuilder, Value } from '../../graph/builder.js';
import { LayerspecError } from '../../errors.js';
import { expectDim } from '../checks.js';

/** A zero (B, size) state whose batch size is read from `like` (B, ...), so B may be symbolic. */
export function zeroState(b: GraphBuilder, like: Value, size: number): Value {
  const batch = b.op1('Shape', [like], { start: 0, end: 1 });
  const shape = b.op1('Concat', [batch, b.ints([size])], { axis: 0 });
  return b.op1('Expand', [b.scalar(0), shape]);
}

/** The given initial state after checking its shape, or zeros. */
export function initialState(layer: string, b: GraphBuilder, given: Value | undefined, name: string, inputs: Value, size: number): Value {
  if (!given) return zeroState(b, inputs, size);
  if (given.type.shape.length !== 2) {
    throw new LayerspecError(layer, `input '${name}' must have rank 2 (batch, ${size}), got rank ${given.type.shape.length}`);
  }
  expectDim(layer, name, given, 0, inputs.type.shape[0]!, "the inputs' batch size");
  expectDim(layer, name, given, 1, size, 'the state size of the cell');
  return given;
}

/** Checks a (B, T) sequence mask against (B, T, D) inputs. */
export function checkSequenceMask(layer: string, mask: Value, inputs: Value, name = 'sequence_mask'): void {
  expectDim(layer, name, mask, 0, inputs.type.shape[0]!, "the inputs' batch size");
  expectDim(layer, name, mask, 1, inputs.type.shape[1]!, "the inputs' sequence length");
}

/** Keras masking inside a step: where `keep` (B,) is false, the previous value carries over. */
export function keepWhere(b: GraphBuilder, keep: Value | undefined, next: Value, previous: Value): Value {
  if (!keep) return next;
  return b.op1('Where', [b.op1('Unsqueeze', [keep], { axes: [1] }), next, previous]);
}

/**
 * Every given input's batch (dim 0) must agree with every other's, not just with the first input's: a
 * symbolic batch on `inputs` must not hide two fixed batches that differ.
 */
export function checkBatches(layer: string, inputs: Readonly<Record<string, Value | undefined>>): void {
  const given = Object.entries(inputs).filter((e): e is [string, Value] => e[1] !== undefined);
  given.forEach(([name, v], i) => {
    for (const [other, w] of given.slice(0, i)) {
      expectDim(layer, name, v, 0, w.type.shape[0]!, `the batch size of input '${other}'`);
    }
  });
}
