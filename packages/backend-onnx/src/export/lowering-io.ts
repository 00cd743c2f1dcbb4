/**
 * What every lowering shares: the names it reads and writes, and small writers of ONNX nodes (a node,
 * a Cast, a reduction, a scalar constant) that give each helper value a fresh name.
 */
import type { Graph, HostTensor, NodeOf, OpName } from '@layerspec/spec';
import type { NodeIO } from './context.js';
import type { AttrValue, GraphProto } from './proto.js';

export interface LoweringIO extends NodeIO {
  /** Exports a Scan body: its first `scanned` inputs become body inputs, the rest read `captures` (outer ONNX names). */
  subgraph(body: Graph, scanned: number, captures: readonly string[]): GraphProto;
}

export type OnnxLowering<K extends OpName> = (node: NodeOf<K>, io: LoweringIO) => void;

export const ints = (v: readonly number[]): AttrValue => ({ ints: v });
export const int = (v: number | boolean): AttrValue => ({ int: Number(v) });

export function emit(
  io: LoweringIO,
  opType: string,
  attrs: Record<string, AttrValue> = {},
  inputs = io.inputs,
  outputs = io.outputs,
): void {
  io.cx.emit(opType, inputs, outputs, attrs, io.cx.model.fresh(io.base));
}

/** Writes `opType` over `inputs` into a fresh value named after `hint`; returns its name. */
export function step(
  io: LoweringIO,
  opType: string,
  inputs: readonly string[],
  hint: string,
  attrs: Record<string, AttrValue> = {},
): string {
  // The node takes the plain name (onnxruntime's errors name the node), the value a suffixed one.
  const node = io.cx.model.fresh(`${io.base}/${hint}`);
  const out = io.cx.temp(`${io.base}/${hint}`);
  io.cx.emit(opType, inputs, [out], attrs, node);
  return out;
}

/** Casts ONNX value `name` to `to` into a fresh value; returns it. */
export function castTo(io: LoweringIO, name: string, to: number, hint: string): string {
  return step(io, 'Cast', [name], hint, { to: { int: to } });
}

/** A rank-0 constant of `dtype` holding `value`; returns its name. */
export function scalar(io: LoweringIO, dtype: 'float32' | 'int32', value: number, hint: string): string {
  const name = io.cx.temp(`${io.base}/${hint}`);
  const data = dtype === 'float32' ? Float32Array.of(value) : Int32Array.of(value);
  const t: HostTensor = { dtype, shape: [], data };
  io.cx.constant(name, t);
  return name;
}

export interface ReduceSpec {
  readonly axes: readonly number[];
  readonly keepdims: boolean;
}

/** ONNX reduction `opType` of `input` into `output`; axes are an input from opset `axesInputSince`, an attribute before. */
export function reduceInto(io: LoweringIO, opType: string, axesInputSince: number, a: ReduceSpec, input: string, output: string): void {
  const keepdims = int(a.keepdims);
  if (io.cx.opset >= axesInputSince) {
    const axes = a.axes.length === 0 ? '' : io.cx.int64(`${io.base}/axes`, a.axes);
    emit(io, opType, { keepdims }, [input, axes], [output]);
  } else {
    emit(io, opType, a.axes.length === 0 ? { keepdims } : { keepdims, axes: ints(a.axes) }, [input], [output]);
  }
}

/** The first opset at which each reduction takes its axes as an input. */
export const AXES_INPUT_SINCE = { ReduceSum: 13, ReduceMean: 18, ReduceMax: 18 } as const;
