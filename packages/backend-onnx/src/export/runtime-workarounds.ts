/**
 * Lowerings that sidestep onnxruntime defects (1.30, CPU and WebAssembly) with an exact rewrite, so the
 * runtime never meets the pattern it gets wrong. Each is checked by the shared op cases on both runtimes.
 */
import type { NodeOf } from '@layerspec/spec';
import { AXES_INPUT_SINCE, castTo, emit, reduceInto, scalar, step, type LoweringIO, type OnnxLowering } from './lowering-io.js';
import { INT64, onnxDType } from './proto.js';

const FLOAT = onnxDType('float32');
const INT32 = onnxDType('int32');

/**
 * MatMul with a 1-D operand as Unsqueeze, MatMul, Squeeze (numpy's own definition): onnxruntime gives
 * the untransposed product for a float Transpose feeding the left of a MatMul whose right operand is
 * 1-D, even through an Identity.
 */
export const matMul: OnnxLowering<'MatMul'> = (node, io) => {
  const [a, b] = [0, 1].map((i) => io.cx.type(node.inputs[i]!).shape.length === 1);
  if (!a && !b) return emit(io, 'MatMul');
  const lift = (name: string, axis: number, hint: string): string =>
    step(io, 'Unsqueeze', [name, io.cx.int64(`${io.base}/${hint}_axes`, [axis])], hint);
  const left = a ? lift(io.inputs[0]!, 0, 'row') : io.inputs[0]!;
  const right = b ? lift(io.inputs[1]!, -1, 'column') : io.inputs[1]!;
  const product = step(io, 'MatMul', [left, right], 'product');
  const drop = [...(a ? [-2] : []), ...(b ? [-1] : [])];
  emit(io, 'Squeeze', {}, [product, io.cx.int64(`${io.base}/squeeze_axes`, drop)]);
};

/**
 * onnxruntime's ReduceMax skips NaN: where the reduced slice holds one, the result is NaN. The NaN test is
 * Not(Equal(x, x)), not IsNaN: onnxruntime-web's WebGPU provider has no IsNaN and runs it on its CPU
 * provider, and with that IsNaN feeding the Cast below, the max reaching the Where read 0 (onnxruntime-web
 * 1.30 on SwiftShader); Equal and Not run on every provider, and x != x is exactly IEEE's NaN test.
 */
export const reduceMax: OnnxLowering<'ReduceMax'> = (node, io) => {
  const since = AXES_INPUT_SINCE.ReduceMax;
  if (io.cx.type(node.inputs[0]!).dtype !== 'float32') return reduceInto(io, 'ReduceMax', since, node.attrs, io.inputs[0]!, io.outputs[0]!);
  const max = io.cx.temp(`${io.base}/max`);
  reduceInto(io, 'ReduceMax', since, node.attrs, io.inputs[0]!, max);
  const isNan = step(io, 'Not', [step(io, 'Equal', [io.inputs[0]!, io.inputs[0]!], 'equals_itself')], 'is_nan');
  const nanAsFloat = castTo(io, isNan, FLOAT, 'is_nan_float');
  const anyNan = io.cx.temp(`${io.base}/any_nan`);
  reduceInto(io, 'ReduceMax', since, node.attrs, nanAsFloat, anyNan);
  // Greater, not a Cast to bool: a reduction over an empty axis gives -inf.
  const hasNan = step(io, 'Greater', [anyNan, scalar(io, 'float32', 0, 'zero')], 'has_nan');
  emit(io, 'Where', {}, [hasNan, scalar(io, 'float32', NaN, 'nan'), max]);
};

/** onnxruntime's int32 ReduceSum saturates on overflow: sum in int64 and Cast back, which wraps like numpy. */
export const reduceSum: OnnxLowering<'ReduceSum'> = (node, io) => {
  const since = AXES_INPUT_SINCE.ReduceSum;
  if (io.cx.type(node.inputs[0]!).dtype !== 'int32') return reduceInto(io, 'ReduceSum', since, node.attrs, io.inputs[0]!, io.outputs[0]!);
  const sum = io.cx.temp(`${io.base}/sum64`);
  reduceInto(io, 'ReduceSum', since, node.attrs, castTo(io, io.inputs[0]!, INT64, 'wide'), sum);
  emit(io, 'Cast', { to: { int: INT32 } }, [sum]);
};

/**
 * int32 Div that never traps: onnxruntime divides natively, and a zero divisor or -2^31 / -1 kills
 * onnxruntime-node (SIGFPE) and traps onnxruntime-web. The quotient uses a divisor with 0 and -1
 * replaced by 1; where the divisor is -1 the result is -x (wrapping, so -2^31 / -1 = -2^31 as numpy).
 * A zero divisor fails the run, like the reference engine: a Gather of index (number of zero divisors)
 * from a one-element tensor, named `<node>/integer_division_by_zero`, which onnxruntime reports.
 */
export const div: OnnxLowering<'Div'> = (node: NodeOf<'Div'>, io: LoweringIO) => {
  if (io.cx.type(node.inputs[0]!).dtype !== 'int32') return emit(io, 'Div');
  const [x, d] = [io.inputs[0]!, io.inputs[1]!];
  const isZero = step(io, 'Equal', [d, scalar(io, 'int32', 0, 'zero')], 'divisor_is_zero');
  const isMinusOne = step(io, 'Equal', [d, scalar(io, 'int32', -1, 'minus_one')], 'divisor_is_minus_one');
  const safe = step(io, 'Where', [step(io, 'Or', [isZero, isMinusOne], 'replaced'), scalar(io, 'int32', 1, 'one'), d], 'safe_divisor');
  const quotient = step(io, 'Where', [isMinusOne, step(io, 'Neg', [x], 'negated'), step(io, 'Div', [x, safe], 'quotient')], 'wrapped');
  const zeros = io.cx.temp(`${io.base}/zero_divisors`);
  reduceInto(io, 'ReduceSum', AXES_INPUT_SINCE.ReduceSum, { axes: [], keepdims: false }, castTo(io, isZero, INT32, 'zero_as_int'), zeros);
  const table = io.cx.temp(`${io.base}/guard_table`);
  io.cx.constant(table, { dtype: 'int32', shape: [1], data: Int32Array.of(0) });
  const guard = step(io, 'Gather', [table, zeros], 'integer_division_by_zero', { axis: { int: 0 } });
  emit(io, 'Add', {}, [quotient, guard]);
};

/** A Slice with no starts slices nothing; ONNX Slice needs its starts and ends inputs. */
export const slice: OnnxLowering<'Slice'> = (node, io) => {
  const { starts, ends, axes, steps } = node.attrs;
  if (starts.length === 0) return emit(io, 'Identity', {}, [io.inputs[0]!]);
  const c = (what: string, v: readonly number[]): string => (v.length === 0 ? '' : io.cx.int64(`${io.base}/${what}`, v));
  emit(io, 'Slice', {}, [io.inputs[0]!, c('starts', starts), c('ends', ends), c('axes', axes), c('steps', steps)]);
};
