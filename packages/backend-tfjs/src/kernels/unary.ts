import { tf, type Tensor } from '../tf.js';
import { input, type NoAttrs, type TfKernel, type TfKernelFn } from './types.js';

function unary(fn: (x: Tensor) => Tensor): TfKernelFn<NoAttrs> {
  return (ins) => [fn(input(ins, 0))];
}

/** -x; for int32 as 0 - x: tfjs-wasm's int32 Neg goes through float32 (-16777217 gives 16777216). */
function negate(x: Tensor): Tensor {
  return x.dtype === 'int32' ? tf.sub(tf.scalar(0, 'int32'), x) : tf.neg(x);
}

/** |x|; for int32 by a select: tfjs's int32 Abs goes through float32 on both runtimes (|-16777217| gives 16777216). */
function absolute(x: Tensor): Tensor {
  return x.dtype === 'int32' ? tf.where(tf.less(x, tf.scalar(0, 'int32')), negate(x), x) : tf.abs(x);
}

const mathKernels = {
  // A new tensor object on the same data, so disposing an intermediate never disposes an input.
  Identity: unary((x) => tf.clone(x)),
  Neg: unary(negate),
  Abs: unary(absolute),
  Not: unary(tf.logicalNot),
  Tanh: unary(tf.tanh),
  Sigmoid: unary(tf.sigmoid),
  Relu: unary(tf.relu),
  Exp: unary(tf.exp),
  Log: unary(tf.log),
  Sqrt: unary(tf.sqrt),
  Reciprocal: unary(tf.reciprocal),
  Erf: unary(tf.erf),
  Sin: unary(tf.sin),
  Cos: unary(tf.cos),
} satisfies Record<string, TfKernelFn<NoAttrs>>;

export const cast: TfKernel<'Cast'> = (ins, attrs) => {
  const x = input(ins, 0);
  if (attrs.to === x.dtype) return [tf.clone(x)];
  if (attrs.to === 'bool') return [tf.notEqual(x, tf.scalar(0, x.dtype))];
  // Truncation toward zero, whatever the backend's own float-to-int rounding. tfjs-webgpu's own cast truncates
  // (i32() in WGSL, Int32Array on the CPU), and on small values held on the CPU it runs on the CPU, so a
  // cast constant (Gather indices) stays readable on the host in a synchronous run (host-ints.ts).
  if (attrs.to === 'int32' && x.dtype === 'float32' && tf.getBackend() !== 'webgpu') {
    return [tf.cast(tf.mul(tf.sign(x), tf.floor(tf.abs(x))), 'int32')];
  }
  return [tf.cast(x, attrs.to)];
};

/** The unary ops: the elementwise functions and Cast. */
export const unaryKernels = { ...mathKernels, Cast: cast };
