import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type INode = onnxProto.onnx.INodeProto;
export type ITensor = onnxProto.onnx.ITensorProto;
export type IGraph = onnxProto.onnx.IGraphProto;
export type IValueInfo = onnxProto.onnx.IValueInfoProto;

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;

/** A node attribute: integers become INT (INTS for arrays), other numbers FLOAT, graphs GRAPH. */
export type Attr = number | number[] | IGraph;

export function floats(name: string, dims: number[], data: Float32Array): ITensor {
  return { name, dims, dataType: FLOAT, rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) };
}

export function int64s(name: string, values: number[]): ITensor {
  const data = BigInt64Array.from(values.map(BigInt));
  return { name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) };
}

export function node(opType: string, input: string[], output: string[], attrs: Record<string, Attr> = {}, domain = ''): INode {
  const type = onnx.AttributeProto.AttributeType;
  const attribute = Object.entries(attrs).map(([name, v]) =>
    Array.isArray(v)
      ? { name, type: type.INTS, ints: v }
      : typeof v !== 'number'
        ? { name, type: type.GRAPH, g: v }
        : Number.isInteger(v)
          ? { name, type: type.INT, i: v }
          : { name, type: type.FLOAT, f: v },
  );
  return { opType, input, output, attribute, domain, name: output[0] };
}

/** A float tensor value info; string dims become dim_params. */
export function floatInfo(name: string, dims: readonly (number | string)[]): IValueInfo {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

/** A serialized model importing the default domain at `opset` (plus `extraDomains`). */
export function encodeModel(graph: IGraph, opset: number, extraDomains: { domain: string; version: number }[] = []): Uint8Array {
  const opsetImport = [{ domain: '', version: opset }, ...extraDomains];
  const irVersion = opset >= 23 ? 11 : 8;
  return onnx.ModelProto.encode(onnx.ModelProto.create({ irVersion, opsetImport, producerName: 'layerspec-bench', graph })).finish();
}
