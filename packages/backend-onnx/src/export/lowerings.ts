/**
 * How each IR op becomes ONNX: one small function per op, most of them 1:1. Attributes that ONNX takes
 * as inputs become int64 initializers; int32 shape-like values are cast to the int64 ONNX wants.
 */
import type { DType, ReduceAttrs, OpName } from '@layerspec/spec';
import { AXES_INPUT_SINCE, castTo, emit, int, ints, reduceInto, type LoweringIO, type OnnxLowering } from './lowering-io.js';
import { checkOpset } from './opset.js';
import { INT64, UINT8, onnxDType, type AttrValue } from './proto.js';
import { div, matMul, reduceMax, reduceSum, slice } from './runtime-workarounds.js';

export type { LoweringIO, OnnxLowering } from './lowering-io.js';

/** The same op under the same name, no attributes. */
function same<K extends OpName>(opType: string): OnnxLowering<K> {
  return (_node, io) => emit(io, opType);
}

function reduce(opType: keyof typeof AXES_INPUT_SINCE): (node: { readonly attrs: ReduceAttrs }, io: LoweringIO) => void {
  return (node, io) => reduceInto(io, opType, AXES_INPUT_SINCE[opType], node.attrs, io.inputs[0]!, io.outputs[0]!);
}

/**
 * Runs `opType` with the inputs at `wide` cast to ONNX type `to` and the output cast back to `dtype`: for
 * ops onnxruntime has no kernel for at the IR dtype (Where on bool); exact for every value.
 */
function viaWider(
  io: LoweringIO,
  dtype: DType,
  narrow: DType,
  to: number,
  opType: string,
  attrs: Record<string, AttrValue>,
  wide: readonly number[],
): void {
  if (dtype !== narrow) {
    emit(io, opType, attrs);
    return;
  }
  const inputs = io.inputs.map((name, i) => (wide.includes(i) && name !== '' ? castTo(io, name, to, `wide${i}`) : name));
  const out = io.cx.temp(`${io.base}/wide_out`);
  emit(io, opType, attrs, inputs, [out]);
  io.cx.emit('Cast', [out], [io.outputs[0]!], { to: { int: onnxDType(dtype) } }, io.cx.model.fresh(`${io.base}/narrow`));
}

export const LOWERINGS: { [K in OpName]: OnnxLowering<K> } = {
  Add: same('Add'),
  Sub: same('Sub'),
  Mul: same('Mul'),
  Div: div,
  Pow: same('Pow'),
  Max: same('Max'),
  Min: same('Min'),
  Equal: same('Equal'),
  Less: same('Less'),
  LessOrEqual: same('LessOrEqual'),
  Greater: same('Greater'),
  GreaterOrEqual: same('GreaterOrEqual'),
  And: same('And'),
  Or: same('Or'),
  Xor: same('Xor'),
  // onnxruntime has no bool Where kernel: select on uint8.
  Where: (node, io) => viaWider(io, io.cx.type(node.inputs[1]!).dtype, 'bool', UINT8, 'Where', {}, [1, 2]),
  Identity: same('Identity'),
  Neg: same('Neg'),
  Abs: same('Abs'),
  Not: same('Not'),
  Tanh: same('Tanh'),
  Sigmoid: same('Sigmoid'),
  Relu: same('Relu'),
  Exp: same('Exp'),
  Log: same('Log'),
  Sqrt: same('Sqrt'),
  Reciprocal: same('Reciprocal'),
  Erf: same('Erf'),
  Sin: same('Sin'),
  Cos: same('Cos'),
  Cast: (node, io) => emit(io, 'Cast', { to: int(onnxDType(node.attrs.to)) }),
  MatMul: matMul,
  Softmax: (node, io) => emit(io, 'Softmax', { axis: int(node.attrs.axis) }),
  ReduceSum: reduceSum,
  ReduceMean: reduce('ReduceMean'),
  ReduceMax: reduceMax,
  Transpose: (node, io) => emit(io, 'Transpose', node.attrs.perm.length === 0 ? {} : { perm: ints(node.attrs.perm) }),
  Reshape: (node, io) => emit(io, 'Reshape', {}, [io.inputs[0]!, io.cx.int64(`${io.base}/shape`, node.attrs.shape)]),
  Unsqueeze: (node, io) => emit(io, 'Unsqueeze', {}, [io.inputs[0]!, io.cx.int64(`${io.base}/axes`, node.attrs.axes)]),
  Squeeze: (node, io) => emit(io, 'Squeeze', {}, [io.inputs[0]!, io.cx.int64(`${io.base}/axes`, node.attrs.axes)]),
  Expand: (_node, io) => emit(io, 'Expand', {}, [io.inputs[0]!, castTo(io, io.inputs[1]!, INT64, 'shape64')]),
  Concat: (node, io) => emit(io, 'Concat', { axis: int(node.attrs.axis) }),
  Slice: slice,
  Gather: (node, io) => emit(io, 'Gather', { axis: int(node.attrs.axis) }),
  Shape: (node, io) => {
    checkOpset('Shape', 'Shape with start/end', io.cx.opset, 15);
    const wide = io.cx.temp(`${io.base}/shape64`);
    emit(io, 'Shape', { start: int(node.attrs.start), end: int(node.attrs.end) }, io.inputs, [wide]);
    io.cx.emit('Cast', [wide], [io.outputs[0]!], { to: { int: onnxDType('int32') } }, io.cx.model.fresh(`${io.base}/to_int32`));
  },
  Trilu: (node, io) => {
    checkOpset('Trilu', 'Trilu', io.cx.opset, 14);
    const k = io.inputs[1] ? castTo(io, io.inputs[1], INT64, 'k64') : '';
    emit(io, 'Trilu', { upper: int(node.attrs.upper) }, [io.inputs[0]!, k]);
  },
  Constant: (node, io) => io.cx.constant(io.outputs[0]!, node.attrs.value),
  // Inference export: dropout is the identity.
  Dropout: (_node, io) => emit(io, 'Identity', {}, [io.inputs[0]!]),
  Scan: (node, io) => {
    const a = node.attrs;
    const scanned = io.inputs.length - a.numCaptures;
    const body = io.subgraph(a.body, scanned, io.inputs.slice(scanned));
    const attrs: Record<string, AttrValue> = { body: { graph: body }, num_scan_inputs: int(a.numScanInputs) };
    if (a.scanInputAxes.length > 0) attrs['scan_input_axes'] = ints(a.scanInputAxes);
    if (a.scanInputDirections.length > 0) attrs['scan_input_directions'] = ints(a.scanInputDirections);
    if (a.scanOutputAxes.length > 0) attrs['scan_output_axes'] = ints(a.scanOutputAxes);
    if (a.scanOutputDirections.length > 0) attrs['scan_output_directions'] = ints(a.scanOutputDirections);
    emit(io, 'Scan', attrs, io.inputs.slice(0, scanned));
  },
};
