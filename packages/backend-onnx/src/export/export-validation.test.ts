import { GraphBuilder, LayerspecError, type Graph, type HostTensor } from '@layerspec/spec';
import { describe, expect, it } from 'vitest';
import { exportOnnx } from './export.js';
import type { Opset } from './opset.js';

function dense(): Graph {
  const b = new GraphBuilder('dense');
  const x = b.input('x', { dtype: 'float32', shape: ['n', 4] });
  const w = b.param('w', { dtype: 'float32', shape: [4, 3] }, 'glorotUniform');
  b.output('y', b.op1('MatMul', [x, w]));
  return b.build();
}

const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LayerspecError);
    return (e as Error).message;
  }
  return expect.fail('expected a LayerspecError');
};

describe('exportOnnx checks every tensor it writes', () => {
  it('rejects a weight whose data is shorter than its shape', () => {
    const short: HostTensor = { dtype: 'float32', shape: [4, 3], data: new Float32Array(5) };
    expect(errorOf(() => exportOnnx(dense(), { w: short }))).toBe("exportOnnx: dense: weight 'w': 5 values do not fill shape [4, 3]");
  });

  it('rejects a weight whose array does not match its dtype', () => {
    const mixed: HostTensor = { dtype: 'float32', shape: [4, 3], data: new Int32Array(12) };
    expect(errorOf(() => exportOnnx(dense(), { w: mixed }))).toContain("weight 'w': dtype float32 needs a Float32Array, got Int32Array");
  });

  it('says when an opset is a string', () => {
    const opset: unknown = '17';
    expect(errorOf(() => exportOnnx(dense(), undefined, { opset: opset as Opset }))).toBe(
      'exportOnnx: opset must be one of 17, 23, got the string "17"',
    );
  });
});
