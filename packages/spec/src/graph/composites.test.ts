import { describe, expect, it } from 'vitest';
import { LayerNormalization } from '../layers/layer-normalization.js';
import { RMSNormalization } from '../layers/rms-normalization.js';
import { errorOf } from '../testing/helpers.js';
import { GraphBuilder } from './builder.js';
import { graphFromJSON, graphToJSON } from './serialize.js';
import type { Graph } from './types.js';
import { verifyGraph } from './verify.js';

const input = { input: { dtype: 'float32' as const, shape: ['batch', 5, 8] } };

describe('composite regions', () => {
  it('LayerNormalization over trailing axes is marked as ONNX LayerNormalization (opset 17)', () => {
    const g = new LayerNormalization({ epsilon: 1e-5 }).build(input);
    expect(g.composites).toHaveLength(1);
    const region = g.composites![0]!;
    expect(region).toMatchObject({
      op: 'LayerNormalization',
      sinceOpset: 17,
      inputs: ['input', 'gamma', 'beta'],
      attrs: { axis: 2, epsilon: 1e-5, stash_type: 1 },
    });
    // Every node but the output Identity is inside the region, and the region's output feeds it.
    expect(region.nodes).toEqual(g.nodes.slice(0, -1).map((n) => n.name));
    expect(g.nodes[g.nodes.length - 1]!.inputs).toEqual(region.outputs);
  });

  it('marks axes [1, 2] of a rank-3 input, without beta when center is off', () => {
    const g = new LayerNormalization({ axis: [1, 2], center: false }).build(input);
    expect(g.composites![0]).toMatchObject({ inputs: ['input', 'gamma', ''], attrs: { axis: 1 } });
  });

  it('leaves unmarked what the ONNX op cannot express: non-trailing axes, no scale', () => {
    expect(new LayerNormalization({ axis: 1 }).build(input).composites).toBeUndefined();
    expect(new LayerNormalization({ scale: false }).build(input).composites).toBeUndefined();
    expect(new RMSNormalization({ axis: [1] }).build(input).composites).toBeUndefined();
    expect(new RMSNormalization({ scale: false }).build(input).composites).toBeUndefined();
  });

  it('RMSNormalization is marked as ONNX RMSNormalization (opset 23)', () => {
    const g = new RMSNormalization().build(input);
    expect(g.composites![0]).toMatchObject({
      op: 'RMSNormalization',
      sinceOpset: 23,
      inputs: ['input', 'gamma'],
      attrs: { axis: 2, epsilon: 1e-6 },
    });
  });

  it('round-trips through JSON', () => {
    const g = new LayerNormalization().build(input);
    expect(graphFromJSON(JSON.parse(JSON.stringify(graphToJSON(g))))).toEqual(g);
  });

  it('rejects a region whose inner value is read from outside it', () => {
    const b = new GraphBuilder('g');
    const x = b.input('x', { dtype: 'float32', shape: [3] });
    let inner = x;
    const [y] = b.composite('RMSNormalization', { sinceOpset: 23, attrs: { axis: 0 } }, [x], () => {
      inner = b.op1('Mul', [x, x]);
      return [b.op1('Sqrt', [inner])];
    });
    b.output('y', y!);
    const good = b.build();
    const leaky: Graph = {
      ...good,
      nodes: [...good.nodes, { op: 'Neg', name: 'leak', inputs: [inner.name], attrs: {}, outputs: ['leaked'] }],
    };
    expect(errorOf(() => verifyGraph(leaky))).toContain(`node 'leak' reads '${inner.name}', which the region makes but does not output`);
    const badNode: Graph = { ...good, composites: [{ ...good.composites![0]!, nodes: ['missing'] }] };
    expect(errorOf(() => verifyGraph(badNode))).toContain("node 'missing' is not in the graph");
  });
});
