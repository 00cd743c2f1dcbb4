import type { GraphBuilder, Value } from '../graph/builder.js';
import { fields, type Field } from './config.js';

/** The activations a layer may name, as Keras 3 names them (`gelu_approximate`: gelu's tanh form). */
export const ACTIVATIONS = ['linear', 'relu', 'gelu', 'gelu_approximate', 'silu', 'sigmoid', 'tanh', 'softmax'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** A config field naming an activation. */
export function activationField(doc: string, fallback: ActivationName): Field<ActivationName> {
  return fields.oneOf(doc, ACTIVATIONS, fallback);
}

/**
 * Writes `name`(x): gelu = 0.5 x (1 + erf(x / sqrt 2)); gelu_approximate = 0.5 x (1 + tanh(sqrt(2 / pi)
 * (x + 0.044715 x^3))); silu = x sigmoid(x); softmax over the last axis.
 */
export function activate(b: GraphBuilder, name: ActivationName, x: Value): Value {
  const half = (inner: Value): Value => b.op1('Mul', [b.op1('Mul', [x, b.scalar(0.5)]), b.op1('Add', [b.scalar(1), inner])]);
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return b.op1('Relu', [x]);
    case 'gelu':
      return half(b.op1('Erf', [b.op1('Mul', [x, b.scalar(Math.SQRT1_2)])]));
    case 'gelu_approximate': {
      const cube = b.op1('Mul', [b.op1('Mul', [x, x]), x]);
      const inner = b.op1('Add', [x, b.op1('Mul', [cube, b.scalar(0.044715)])]);
      return half(b.op1('Tanh', [b.op1('Mul', [inner, b.scalar(Math.sqrt(2 / Math.PI))])]));
    }
    case 'silu':
      return b.op1('Mul', [x, b.op1('Sigmoid', [x])]);
    case 'sigmoid':
      return b.op1('Sigmoid', [x]);
    case 'tanh':
      return b.op1('Tanh', [x]);
    case 'softmax':
      return b.op1('Softmax', [x], { axis: -1 });
  }
}
