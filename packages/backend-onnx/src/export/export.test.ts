/** The exporter's structure: names, metadata, opset-dependent lowerings, captures, and its errors. */
import { describe, expect, it } from 'vitest';
import { GRUCell, GraphBuilder, LSTMCell, RNN, initWeights, tensor, type Graph } from '@layerspec/spec';
import { exportOnnx, onnxOutputNames } from './export.js';
import { checkOpset } from './opset.js';
import { onnx } from './proto.js';

const decode = (bytes: Uint8Array) => onnx.ModelProto.decode(bytes);
/** Decoded repeated fields are typed as possibly missing. */
const all = <T>(list: T[] | null | undefined): T[] => list ?? [];

function reduceMeanGraph(): Graph {
  const b = new GraphBuilder('rm');
  const x = b.input('x', { dtype: 'float32', shape: ['n', 3] });
  b.output('y', b.op1('ReduceMean', [x], { axes: [1] }));
  return b.build();
}

describe('exportOnnx', () => {
  it('writes producer, opset, IR version and a docString', () => {
    const m = decode(exportOnnx(reduceMeanGraph()));
    expect(m.producerName).toBe('layerspec');
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    expect(Number(m.irVersion)).toBe(8);
    expect(m.docString).toContain('layerspec');
    expect(decode(exportOnnx(reduceMeanGraph(), undefined, { docString: 'hello' })).docString).toBe('hello');
  });

  it('names the node that computes a graph output after it, without an Identity copy', () => {
    const b = new GraphBuilder('outs');
    const x = b.input('x', { dtype: 'float32', shape: ['n', 3] });
    const y = b.op1('Neg', [x]);
    b.output('y', y);
    b.output('y_again', y);
    b.output('x_too', x);
    b.output('z', b.op1('Add', [y, x]));
    const nodes = all(decode(exportOnnx(b.build())).graph!.node);
    expect(nodes.map((n) => `${n.opType}(${all(n.input).join(',')})->${all(n.output).join(',')}`)).toEqual([
      'Neg(x)->y',
      'Identity(y)->y_again',
      'Identity(x)->x_too',
      'Add(y,x)->z',
    ]);
  });

  it('ReduceMean axes: an attribute at opset 17, an int64 input at opset 23', () => {
    const at = (opset: 17 | 23) =>
      (decode(exportOnnx(reduceMeanGraph(), undefined, { opset })).graph!.node ?? []).find((n) => n.opType === 'ReduceMean')!;
    const n17 = at(17);
    expect(all(n17.input)).toHaveLength(1);
    expect(
      all(n17.attribute)
        .find((a) => a.name === 'axes')
        ?.ints?.map(Number),
    ).toEqual([1]);
    const n23 = at(23);
    expect(all(n23.input)).toHaveLength(2);
    expect(all(n23.attribute).find((a) => a.name === 'axes')).toBeUndefined();
  });

  it('weights: initializers when given, graph inputs otherwise', () => {
    const g = new LSTMCell({ units: 3 }).build({
      input: { dtype: 'float32', shape: ['batch', 2] },
      state_h: { dtype: 'float32', shape: ['batch', 3] },
      state_c: { dtype: 'float32', shape: ['batch', 3] },
    });
    const w = initWeights(g, { seed: 1 });
    const withW = decode(exportOnnx(g, w)).graph!;
    expect(all(withW.initializer).map((t) => t.name)).toEqual(expect.arrayContaining(g.params.map((p) => p.name)));
    expect(all(withW.input).map((v) => v.name)).toEqual(['input', 'state_h', 'state_c']);
    const asInputs = decode(exportOnnx(g)).graph!;
    expect(all(asInputs.input).map((v) => v.name)).toEqual(['input', 'state_h', 'state_c', ...g.params.map((p) => p.name)]);
    // An output named like an input goes under the name of the value it reads; no name is defined twice.
    expect(all(asInputs.output).map((v) => v.name)).toEqual(onnxOutputNames(g));
    expect(onnxOutputNames(g)).toEqual(['output', 'state_h:next', 'state_c:next']);
    const defined = [
      ...all(asInputs.input).map((v) => v.name),
      ...all(asInputs.initializer).map((t) => t.name),
      ...all(asInputs.node).flatMap((n) => all(n.output)),
    ];
    expect(new Set(defined).size).toBe(defined.length);
    expect(() => exportOnnx(g, {}, { weightsAs: 'initializers' })).toThrow(/needs weight 'kernel'/);
  });

  it('Scan: captures are outer-scope references; body names are prefixed and unique', () => {
    const g = new RNN({ cell: new GRUCell({ units: 3 }), returnSequences: true }).build({
      inputs: { dtype: 'float32', shape: ['batch', 'time', 2] },
    });
    const graph = decode(exportOnnx(g, initWeights(g, { seed: 2 }))).graph!;
    const scan = all(graph.node).find((n) => n.opType === 'Scan')!;
    const body = all(scan.attribute).find((a) => a.name === 'body')!.g!;
    const outer = new Set([
      ...all(graph.input).map((v) => v.name),
      ...all(graph.initializer).map((t) => t.name),
      ...all(graph.node).flatMap((n) => all(n.output)),
    ]);
    const bodyDefined = [...all(body.input).map((v) => v.name), ...all(body.node).flatMap((n) => all(n.output))];
    expect(bodyDefined.filter((n) => outer.has(n))).toEqual([]);
    const read = all(body.node)
      .flatMap((n) => all(n.input))
      .filter((n) => n !== '' && !bodyDefined.includes(n));
    // The kernel meets the inputs before the Scan; the body reads the recurrent kernel.
    expect(read).toEqual(expect.arrayContaining(['recurrent_kernel']));
    expect(read.every((n) => outer.has(n))).toBe(true);
    expect(all(scan.input).length).toBe(all(body.input).length);
    expect(Number(all(scan.attribute).find((a) => a.name === 'num_scan_inputs')!.i)).toBe(1);
  });

  it('int32 shape inputs are cast to int64 (Expand, Trilu k) and Shape is cast back to int32', () => {
    const b = new GraphBuilder('casts');
    const x = b.input('x', { dtype: 'float32', shape: [3, 3] });
    const k = b.input('k', { dtype: 'int32', shape: [] });
    b.output('t', b.op1('Trilu', [x, k]));
    b.output('e', b.op1('Expand', [b.constant(tensor([1], [1])), b.op1('Shape', [x])]));
    const nodes = all(decode(exportOnnx(b.build())).graph!.node);
    expect(nodes.filter((n) => n.opType === 'Cast').map((n) => Number(all(n.attribute)[0]!.i))).toEqual(expect.arrayContaining([7, 6]));
  });

  it('rejects an opset it does not write', () => {
    // @ts-expect-error 16 is not an Opset
    expect(() => exportOnnx(reduceMeanGraph(), undefined, { opset: 16 })).toThrow(/opset must be one of 17, 23/);
  });
});

describe('checkOpset (every IR op exists at 17, so the error path is tested directly)', () => {
  it('names the op, the opset asked for and the one that works', () => {
    expect(() => checkOpset('Trilu', 'Trilu', 13, 14)).toThrow(/op Trilu is not available at opset 13; it needs opset 14/);
    expect(() => checkOpset('Shape', 'Shape with start/end', 13, 15)).toThrow(/Shape \(lowered to ONNX Shape with start\/end\).*opset 15/);
    expect(() => checkOpset('Trilu', 'Trilu', 17, 14)).not.toThrow();
  });
});
