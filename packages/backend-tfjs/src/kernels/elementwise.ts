import { tf, type Tensor } from '../tf.js';
import { input, type NoAttrs, type TfKernel, type TfKernelFn } from './types.js';

type Binary = (a: Tensor, b: Tensor) => Tensor;

function binary(fn: Binary): TfKernelFn<NoAttrs> {
  return (ins) => [fn(input(ins, 0), input(ins, 1))];
}

/** ONNX integer division truncates toward zero; tfjs's int32 div floors. */
function divide(a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== 'int32') return tf.div(a, b);
  const floor = tf.floorDiv(a, b);
  const inexact = tf.notEqual(tf.sub(a, tf.mul(floor, b)), 0);
  const signsDiffer = tf.logicalXor(tf.less(a, 0), tf.less(b, 0));
  return tf.where(tf.logicalAnd(inexact, signsDiffer), tf.add(floor, 1), floor);
}

export const elementwiseKernels = {
  Add: binary(tf.add),
  Sub: binary(tf.sub),
  Mul: binary(tf.mul),
  Div: binary(divide),
  Pow: binary(tf.pow),
  Max: binary(tf.maximum),
  Min: binary(tf.minimum),
  Equal: binary(tf.equal),
  Less: binary(tf.less),
  LessOrEqual: binary(tf.lessEqual),
  Greater: binary(tf.greater),
  GreaterOrEqual: binary(tf.greaterEqual),
  And: binary(tf.logicalAnd),
  Or: binary(tf.logicalOr),
  Xor: binary(tf.logicalXor),
} satisfies Record<string, TfKernelFn<NoAttrs>>;

/**
 * `Select` on bool values corrupts the wasm backend's memory (tfjs 4.22), so bool choices are
 * made with logical ops: (c AND x) OR (NOT c AND y).
 */
export function select(c: Tensor, x: Tensor, y: Tensor): Tensor {
  if (x.dtype !== 'bool') return tf.where(c, x, y);
  return tf.logicalOr(tf.logicalAnd(c, x), tf.logicalAnd(tf.logicalNot(c), y));
}

export const where: TfKernel<'Where'> = (ins) => [select(input(ins, 0), input(ins, 1), input(ins, 2))];
