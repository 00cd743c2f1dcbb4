/**
 * The lowerings around onnxruntime defects: what they write, and that they write it only where the
 * defect can show (the shared op cases check the values on both runtimes).
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder, type DType, type Graph, type OpName, type TensorType } from '@layerspec/spec';
import { webBackend } from '../runtime/providers.js';
import { exportOnnx } from './export.js';
import { onnx } from './proto.js';

function oneOp(op: OpName, types: TensorType[], attrs: Record<string, unknown> = {}): Graph {
  const b = new GraphBuilder(`t_${op}`);
  const xs = types.map((t, i) => b.input(`x${i}`, t));
  b.output('y', b.op1(op, xs, attrs));
  return b.build();
}

const opTypes = (g: Graph, opset: 17 | 23 = 17): string[] =>
  (onnx.ModelProto.decode(exportOnnx(g, undefined, { opset })).graph!.node ?? []).map((n) => n.opType ?? '');
const t = (dtype: DType, shape: number[]): TensorType => ({ dtype, shape });

describe('lowerings around onnxruntime defects', () => {
  it('writes MatMul with a 1-D operand as Unsqueeze, MatMul, Squeeze, and other products as one MatMul', () => {
    expect(opTypes(oneOp('MatMul', [t('float32', [4, 3]), t('float32', [3])]))).toEqual(['Unsqueeze', 'MatMul', 'Squeeze']);
    expect(opTypes(oneOp('MatMul', [t('float32', [3]), t('float32', [3])]))).toEqual(['Unsqueeze', 'Unsqueeze', 'MatMul', 'Squeeze']);
    expect(opTypes(oneOp('MatMul', [t('float32', [2, 4, 3]), t('float32', [3, 5])]))).toEqual(['MatMul']);
  });

  it('patches NaN into float ReduceMax only, at both opsets', () => {
    for (const opset of [17, 23] as const) {
      expect(opTypes(oneOp('ReduceMax', [t('float32', [2, 3])], { axes: [1] }), opset)).toEqual([
        'ReduceMax',
        'Equal',
        'Not',
        'Cast',
        'ReduceMax',
        'Greater',
        'Where',
      ]);
      expect(opTypes(oneOp('ReduceMax', [t('int32', [2, 3])], { axes: [1] }), opset)).toEqual(['ReduceMax']);
    }
  });

  it('sums int32 in int64 and leaves float sums alone', () => {
    expect(opTypes(oneOp('ReduceSum', [t('int32', [2, 3])]))).toEqual(['Cast', 'ReduceSum', 'Cast']);
    expect(opTypes(oneOp('ReduceSum', [t('float32', [2, 3])]))).toEqual(['ReduceSum']);
  });

  it('guards int32 Div only; a float Div stays one node', () => {
    expect(opTypes(oneOp('Div', [t('float32', [3]), t('float32', [3])]))).toEqual(['Div']);
    expect(opTypes(oneOp('Div', [t('int32', [3]), t('int32', [3])]))).toContain('Gather');
  });

  it('fails an int32 Div by zero with an error naming the guard, without trapping', async () => {
    const c = await webBackend.compile(oneOp('Div', [t('int32', [2]), t('int32', [2])]));
    try {
      const x0 = { dtype: 'int32' as const, shape: [2], data: Int32Array.of(4, 5) };
      await expect(c.run({ x0, x1: { dtype: 'int32', shape: [2], data: Int32Array.of(2, 0) } }, {})).rejects.toThrow(
        /Div_0\/integer_division_by_zero'/,
      );
      const out = await c.run({ x0, x1: { dtype: 'int32', shape: [2], data: Int32Array.of(2, -1) } }, {});
      expect([...out['y']!.data]).toEqual([2, -5]);
    } finally {
      c.dispose();
    }
  });

  it('writes a Slice with no starts as an Identity', () => {
    expect(opTypes(oneOp('Slice', [t('float32', [2, 3])], { starts: [], ends: [] }))).toEqual(['Identity']);
  });
});
