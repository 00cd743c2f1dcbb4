import { LayerspecError, type OpName } from '@layerspec/spec';

/** The opsets `exportOnnx` writes. */
export type Opset = 17 | 23;
export const OPSETS: readonly Opset[] = [17, 23];

/**
 * Throws unless ONNX op `onnxOp` (used to lower IR op `op`) exists in `opset`: the error names both ops,
 * the opset asked for and the first opset that has it.
 */
export function checkOpset(op: OpName, onnxOp: string, opset: number, since: number): void {
  if (opset < since) {
    const via = onnxOp === op ? '' : ` (lowered to ONNX ${onnxOp})`;
    throw new LayerspecError(
      'exportOnnx',
      `op ${op}${via} is not available at opset ${opset}; it needs opset ${since} or later (export with { opset: ${since} } or higher)`,
    );
  }
}
