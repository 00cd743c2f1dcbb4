/** The onnx-proto classes and the small conversions the exporter needs (dtypes, attributes, tensors). */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import type { DType, Dim, HostTensor } from '@layerspec/spec';

export const { onnx } = onnxProto;
export type NodeProto = OnnxTypes.NodeProto;
export type GraphProto = OnnxTypes.GraphProto;
export type TensorProto = OnnxTypes.TensorProto;
export type AttributeProto = OnnxTypes.AttributeProto;
export type ValueInfoProto = OnnxTypes.ValueInfoProto;

const DataType = onnx.TensorProto.DataType;
const AttrType = onnx.AttributeProto.AttributeType;

/** The ONNX element type of an IR dtype. */
export function onnxDType(dtype: DType): number {
  switch (dtype) {
    case 'float32':
      return DataType.FLOAT;
    case 'int32':
      return DataType.INT32;
    case 'bool':
      return DataType.BOOL;
  }
}

export const INT64 = DataType.INT64;
export const UINT8 = DataType.UINT8;

/** One attribute value, tagged with its ONNX kind. */
export type AttrValue = { int: number } | { float: number } | { ints: readonly number[] } | { graph: GraphProto };

export function attribute(name: string, value: AttrValue): AttributeProto {
  if ('int' in value) return onnx.AttributeProto.create({ name, type: AttrType.INT, i: value.int });
  if ('float' in value) return onnx.AttributeProto.create({ name, type: AttrType.FLOAT, f: value.float });
  if ('ints' in value) return onnx.AttributeProto.create({ name, type: AttrType.INTS, ints: [...value.ints] });
  return onnx.AttributeProto.create({ name, type: AttrType.GRAPH, g: value.graph });
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  // Copies, so the proto never aliases (or is aliased by) the caller's array. Little-endian hosts only,
  // which is what ONNX raw_data is.
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

/** An initializer holding a HostTensor (float32, int32, or bool as one byte per element). */
export function hostTensorProto(name: string, t: HostTensor): TensorProto {
  return onnx.TensorProto.create({ name, dims: [...t.shape], dataType: onnxDType(t.dtype), rawData: bytesOf(t.data) });
}

/** An int64 initializer (for the shape-like inputs ONNX takes as int64). */
export function int64TensorProto(name: string, values: readonly number[], shape: readonly number[]): TensorProto {
  const data = BigInt64Array.from(values, (v) => BigInt(v));
  return onnx.TensorProto.create({ name, dims: [...shape], dataType: INT64, rawData: bytesOf(data) });
}

/** A value info; symbolic dims become dim_param, or unknown dims when `symbolic` is 'unknown'. */
export function valueInfo(name: string, dtype: DType, shape: readonly Dim[], symbolic: 'param' | 'unknown' = 'param'): ValueInfoProto {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : symbolic === 'param' ? { dimParam: d } : {}));
  return onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: onnxDType(dtype), shape: { dim } } } });
}
