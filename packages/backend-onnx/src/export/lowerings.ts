/**
 * How each IR op becomes ONNX: one small function per op, most of them 1:1. Attributes that ONNX takes
 * as inputs become int64 initializers; int32 shape-like values are cast to the int64 ONNX wants.
 */
import type { DType, ReduceAttrs, Graph, NodeOf, OpName } from '@layerspec/spec';
import type { NodeIO } from './context.js';
import { checkOpset } from './opset.js';
import { INT64, UINT8, onnxDType, type AttrValue, type GraphProto } from './proto.js';

export interface LoweringIO extends NodeIO {
  /** Exports a Scan body: its first `scanned` inputs become body inputs, the rest read `captures` (outer ONNX names). */
  subgraph(body: Graph, scanned: number, captures: readonly string[]): GraphProto;
}

export type OnnxLowering<K extends OpName> = (node: NodeOf<K>, io: LoweringIO) => void;

function emit(io: LoweringIO, opType: string, attrs: Record<string, AttrValue> = {}, inputs = io.inputs, outputs = io.outputs): void {
  io.cx.emit(opType, inputs, outputs, attrs, io.cx.model.fresh(io.base));
}

/** The same op under the same name, no attributes. */
function same<K extends OpName>(opType: string): OnnxLowering<K> {
  return (_node, io) => emit(io, opType);
}

/** Casts ONNX value `name` to `to` into a fresh value; returns it. */
function castTo(io: LoweringIO, name: string, to: number, hint: string): string {
  const out = io.cx.temp(`${io.base}/${hint}`);
  io.cx.emit('Cast', [name], [out], { to: { int: to } }, io.cx.model.fresh(`${io.base}/${hint}_cast`));
  return out;
}

const ints = (v: readonly number[]): AttrValue => ({ ints: v });
const int = (v: number | boolean): AttrValue => ({ int: Number(v) });

function reduce(opType: string, axesInputSince: number): (node: { readonly attrs: ReduceAttrs }, io: LoweringIO) => void {
  return (node, io) => {
    const a = node.attrs;
    const keepdims = int(a.keepdims);
    if (io.cx.opset >= axesInputSince) {
      const axes = a.axes.length === 0 ? '' : io.cx.int64(`${io.base}/axes`, a.axes);
      emit(io, opType, { keepdims }, [io.inputs[0]!, axes]);
    } else {
      emit(io, opType, a.axes.length === 0 ? { keepdims } : { keepdims, axes: ints(a.axes) });
    }
  };
}

/**
 * Runs `opType` with the inputs at `wide` cast to ONNX type `to` and the output cast back to `dtype`: for
 * ops onnxruntime has no kernel for at the IR dtype (Where on bool); exact for every value.
 */
function viaWider(io: LoweringIO, dtype: DType, narrow: DType, to: number, opType: string, attrs: Record<string, AttrValue>, wide: readonly number[]): void {
  if (dtype !== narrow) return emit(io, opType, attrs);
  const inputs = io.inputs.map((name, i) => (wide.includes(i) && name !== '' ? castTo(io, name, to, `wide${i}`) : name));
  const out = io.cx.temp(`${io.base}/wide_out`);
  emit(io, opType, attrs, inputs, [out]);
  io.cx.emit('Cast', [out], [io.outputs[0]!], { to: { int: onnxDType(dtype) } }, io.cx.model.fresh(`${io.base}/narrow`));
}

export const LOWERINGS: { [K in OpName]: OnnxLowering<K> } = {
  Add: same('Add'),
  Sub: same('Sub'),
  Mul: same('Mul'),
  Div: same('Div'),
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
  MatMul: same('MatMul'),
  Softmax: (node, io) => emit(io, 'Softmax', { axis: int(node.attrs.axis) }),
  ReduceSum: reduce('ReduceSum', 13),
  ReduceMean: reduce('ReduceMean', 18),
  ReduceMax: reduce('ReduceMax', 18),
  Transpose: (node, io) => emit(io, 'Transpose', node.attrs.perm.length === 0 ? {} : { perm: ints(node.attrs.perm) }),
  Reshape: (node, io) => emit(io, 'Reshape', {}, [io.inputs[0]!, io.cx.int64(`${io.base}/shape`, node.attrs.shape)]),
  Unsqueeze: (node, io) => emit(io, 'Unsqueeze', {}, [io.inputs[0]!, io.cx.int64(`${io.base}/axes`, node.attrs.axes)]),
  Squeeze: (node, io) => emit(io, 'Squeeze', {}, [io.inputs[0]!, io.cx.int64(`${io.base}/axes`, node.attrs.axes)]),
  Expand: (_node, io) => emit(io, 'Expand', {}, [io.inputs[0]!, castTo(io, io.inputs[1]!, INT64, 'shape64')]),
  Concat: (node, io) => emit(io, 'Concat', { axis: int(node.attrs.axis) }),
  Slice: (node, io) => {
    const { starts, ends, axes, steps } = node.attrs;
    const c = (what: string, v: readonly number[]): string => (v.length === 0 ? '' : io.cx.int64(`${io.base}/${what}`, v));
    emit(io, 'Slice', {}, [io.inputs[0]!, c('starts', starts), c('ends', ends), c('axes', axes), c('steps', steps)]);
  },
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
