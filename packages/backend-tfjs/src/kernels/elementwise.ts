import { tf, type Tensor } from '../tf.js';
import { input, type NoAttrs, type TfKernel, type TfKernelFn } from './types.js';

type Binary = (a: Tensor, b: Tensor) => Tensor;

function binary(fn: Binary): TfKernelFn<NoAttrs> {
  return (ins) => [fn(input(ins, 0), input(ins, 1))];
}

const INT32_MAX_FLOAT32 = 2147483520; // the largest float32 below 2^31

/**
 * ONNX integer division truncates toward zero, wrapping like numpy int32 (-2^31 / -1 = -2^31). tfjs's
 * int32 FloorDiv floors, and on the wasm runtime divides in float32 (16777217 / 1 = 16777216); its int32
 * Mod is exact on both runtimes. So: the remainder from Mod, then the quotient of the exact multiple
 * m = a - r by b, from a float32 division corrected once: its error is at most ~3 * 2^-24 * |m / b| + 1/2
 * (under 512, and under 1, so zero, once |b| >= 768), and the residual m - q0 * b = k * b with such a
 * small k is divided exactly by float32.
 */
function divideInt(a: Tensor, b: Tensor): Tensor {
  const zero = tf.scalar(0, 'int32');
  const floorRem = tf.mod(a, b); // the sign of b
  const signsDiffer = tf.logicalXor(tf.less(a, zero), tf.less(b, zero));
  const rem = tf.where(tf.logicalAnd(tf.notEqual(floorRem, zero), signsDiffer), tf.sub(floorRem, b), floorRem); // the sign of a
  const multiple = tf.sub(a, rem);
  const bf = tf.cast(b, 'float32');
  const quotient = (n: Tensor): Tensor =>
    tf.cast(tf.clipByValue(tf.round(tf.div(tf.cast(n, 'float32'), bf)), -2147483648, INT32_MAX_FLOAT32), 'int32');
  const q0 = quotient(multiple);
  return tf.add(q0, quotient(tf.sub(multiple, multiplyInt(q0, b))));
}

function divide(a: Tensor, b: Tensor): Tensor {
  return a.dtype === 'int32' ? divideInt(a, b) : tf.div(a, b);
}

/**
 * int32 products wrapped to 32 bits like numpy. tfjs-cpu multiplies int32 in float64 before wrapping, so a
 * product beyond 2^53 loses low bits (123456789 * 987654321 gives -67153024, not -67153019). With 16-bit
 * halves every partial product is exact: a * b = (aHi * bLo + aLo * bHi) * 2^16 + aLo * bLo (mod 2^32).
 * aHi comes from FloorDiv of the exact multiple of 2^16 a - aLo, which float32 holds exactly.
 */
function multiplyInt(a: Tensor, b: Tensor): Tensor {
  const base = tf.scalar(65536, 'int32');
  const split = (x: Tensor): [Tensor, Tensor] => {
    const lo = tf.mod(x, base);
    return [tf.floorDiv(tf.sub(x, lo), base), lo];
  };
  const [aHi, aLo] = split(a);
  const [bHi, bLo] = split(b);
  return tf.add(tf.mul(tf.add(tf.mul(aHi, bLo), tf.mul(aLo, bHi)), base), tf.mul(aLo, bLo));
}

export function multiply(a: Tensor, b: Tensor): Tensor {
  if (a.dtype === 'int32') return multiplyInt(a, b);
  // x * x (a variance) as a square: one elementwise pass backward instead of two products and a sum.
  return a === b ? tf.square(a) : tf.mul(a, b);
}

/**
 * NaN in either operand gives NaN: tfjs-wasm's Maximum and Minimum return `a` when `b` is NaN. Two selects
 * rather than one on isNaN(a) OR isNaN(b): tfjs has no gradient for LogicalOr, and gradients flow through here.
 */
function propagateNaN(fn: Binary): Binary {
  return (a, b) => {
    const m = fn(a, b);
    if (a.dtype !== 'float32') return m;
    return tf.where(tf.isNaN(a), a, tf.where(tf.isNaN(b), b, m));
  };
}

const binaryKernels = {
  Add: binary(tf.add),
  Sub: binary(tf.sub),
  Mul: binary(multiply),
  Div: binary(divide),
  Pow: binary(tf.pow),
  Max: binary(propagateNaN(tf.maximum)),
  Min: binary(propagateNaN(tf.minimum)),
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

/** The elementwise ops: the binary ones and Where. */
export const elementwiseKernels = { ...binaryKernels, Where: where };
