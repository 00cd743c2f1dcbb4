/** graphToJSON / graphFromJSON: lossless round trips (special floats bit for bit) and malformed documents. */
import { describe, it, expect } from 'vitest';
import { tensor } from '../tensor.js';
import { errorOf } from '../testing/helpers.js';
import type { Dim, HostTensor, TensorType } from '../types.js';
import { GraphBuilder } from './builder.js';
import { graphFromJSON, graphToJSON } from './serialize.js';
import type { Graph } from './types.js';

const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });

const SPECIAL_FLOATS = [
  Number.NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1e-45,
  -1e-45,
  3.4028234663852886e38,
  -3.4e38,
  1.1754943508222875e-38,
  0.1,
  -2.5,
];

function constantsGraph(): Graph {
  const b = new GraphBuilder('constants');
  const x = b.input('x', f32('n', SPECIAL_FLOATS.length));
  const floats = b.constant(tensor(SPECIAL_FLOATS, [SPECIAL_FLOATS.length]));
  const ints = b.constant(tensor([-2147483648, 2147483647, 0, -1, 7], [5], 'int32'));
  const flags = b.constant(tensor([true, false, true], [3], 'bool'));
  const empty = b.constant({ dtype: 'float32', shape: [0, 3], data: new Float32Array(0) });
  // A view into a bigger buffer, to check that the byte offset is honoured.
  const view: HostTensor = { dtype: 'float32', shape: [2], data: new Float32Array([9, 1.5, -7, 9]).subarray(1, 3) };
  const offset = b.constant(view);
  const w = b.param('w', f32(2, 2), { name: 'constant', value: -3.4e38 });
  b.param('neg_zero', f32(1), { name: 'constant', value: -0 });
  b.param('nan', f32(1), { name: 'constant', value: Number.NaN });
  b.param('lstm/bias', f32(8), {
    name: 'blocks',
    blocks: [
      { size: 2, init: { name: 'zeros' } },
      { size: 6, init: { name: 'ones' } },
    ],
  });
  b.param('q', f32(2, 2), { name: 'glorotUniform', fanIn: 3, fanOut: 5 });
  b.output('y', b.op1('Dropout', [b.op1('Add', [x, floats])], { ratio: 0.25, seed: -3 }));
  b.output('z', b.op1('Dropout', [x], { ratio: -0 }));
  b.output('ints', b.op1('Slice', [ints], { starts: [-2147483648], ends: [2147483647], steps: [1] }));
  b.output('flags', flags);
  b.output('empty', empty);
  b.output('offset', b.op1('MatMul', [offset, w]));
  return b.build();
}

/** The raw bytes of every tensor attribute, in node order (equal bytes = bit-exact values). */
function tensorBytes(g: Graph): number[][] {
  return g.nodes.flatMap((n) =>
    n.op === 'Constant'
      ? [Array.from(new Uint8Array(n.attrs.value.data.buffer, n.attrs.value.data.byteOffset, n.attrs.value.data.byteLength))]
      : [],
  );
}

describe('graphToJSON / graphFromJSON', () => {
  const throughText = (g: Graph): Graph => graphFromJSON(JSON.parse(JSON.stringify(graphToJSON(g))));

  it('round-trips a graph losslessly through JSON text', () => {
    const g = constantsGraph();
    const back = throughText(g);
    expect(back).toEqual(g);
    expect(tensorBytes(back)).toEqual(tensorBytes(g));
  });

  it('keeps every special float32 bit for bit', () => {
    const back = throughText(constantsGraph());
    const floats = back.nodes.find((n) => n.op === 'Constant');
    expect(floats?.op).toBe('Constant');
    if (floats?.op !== 'Constant') return;
    const values = Array.from(floats.attrs.value.data);
    expect(values.map((v) => Object.is(v, -0))).toEqual(SPECIAL_FLOATS.map((v) => Object.is(v, -0)));
    expect(values).toEqual(Array.from(Float32Array.from(SPECIAL_FLOATS)));
    expect(values[5]).toBeGreaterThan(0);
    expect(floats.attrs.value.data).toBeInstanceOf(Float32Array);
  });

  it('keeps int32 extremes, bools, an empty tensor and a tensor viewed at an offset', () => {
    const back = throughText(constantsGraph());
    const constants = back.nodes.flatMap((n) => (n.op === 'Constant' ? [n.attrs.value] : []));
    expect(constants[1]).toEqual({ dtype: 'int32', shape: [5], data: Int32Array.from([-2147483648, 2147483647, 0, -1, 7]) });
    expect(constants[2]).toEqual({ dtype: 'bool', shape: [3], data: Uint8Array.from([1, 0, 1]) });
    expect(constants[3]).toEqual({ dtype: 'float32', shape: [0, 3], data: new Float32Array(0) });
    expect(constants[4]).toEqual({ dtype: 'float32', shape: [2], data: Float32Array.from([1.5, -7]) });
  });

  it('keeps float attributes and initializer values exactly, -0 and NaN included', () => {
    const back = throughText(constantsGraph());
    const init = (name: string) => back.params.find((p) => p.name === name)?.init;
    expect(init('w')).toEqual({ name: 'constant', value: -3.4e38 });
    const negZero = init('neg_zero');
    expect(negZero?.name === 'constant' && Object.is(negZero.value, -0)).toBe(true);
    const nan = init('nan');
    expect(nan?.name === 'constant' && Number.isNaN(nan.value)).toBe(true);
    const ratios = back.nodes.flatMap((n) => (n.op === 'Dropout' ? [n.attrs.ratio] : []));
    expect(ratios[0]).toBe(0.25);
    expect(Object.is(ratios[1], -0)).toBe(true);
  });

  it('writes plain JSON that JSON.stringify keeps as is (no typed arrays, no bare NaN or -0)', () => {
    const json = graphToJSON(constantsGraph());
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json).toMatchObject({ format: 'layerspec.graph', version: 1 });
  });

  it('reads JSON text directly, and is stable when written again', () => {
    const g = constantsGraph();
    const text = JSON.stringify(graphToJSON(g));
    const back = graphFromJSON(text);
    expect(back).toEqual(g);
    expect(JSON.stringify(graphToJSON(back))).toBe(text);
  });

  it('round-trips a builder graph with symbolic dims and known values', () => {
    const b = new GraphBuilder('sym');
    const x = b.input('x', f32('b', 't', 8));
    const mask = b.op1('Trilu', [b.op1('Expand', [b.scalar(true, 'bool'), b.op1('Shape', [x], { start: 1 })])], { upper: false });
    b.output('m', mask);
    b.output('r', b.op1('Reshape', [x], { shape: [0, -1, 4] }));
    const g = b.build();
    expect(throughText(g)).toEqual(g);
  });

  describe('rejects malformed documents with a clear error', () => {
    const doc = (graph: unknown): object => ({ format: 'layerspec.graph', version: 1, graph });
    const base = (): Record<string, unknown> => ({ name: 'g', inputs: [], params: [], outputs: [], nodes: [] });
    const constantNode = (t: unknown): object => ({
      op: 'Constant',
      name: 'c',
      inputs: [],
      attrs: { value: { $tensor: t } },
      outputs: ['c'],
    });

    it('not a graph document', () => {
      expect(errorOf(() => graphFromJSON(null))).toBe('graphFromJSON: not a layerspec.graph document');
      expect(errorOf(() => graphFromJSON('[1, 2]'))).toBe('graphFromJSON: not a layerspec.graph document');
      expect(errorOf(() => graphFromJSON({ format: 'onnx' }))).toBe('graphFromJSON: not a layerspec.graph document');
    });

    it('an unsupported or missing version', () => {
      expect(errorOf(() => graphFromJSON({ format: 'layerspec.graph', version: 2, graph: base() }))).toBe(
        'graphFromJSON: unsupported version 2',
      );
      expect(errorOf(() => graphFromJSON({ format: 'layerspec.graph', graph: base() }))).toBe('graphFromJSON: unsupported version (none)');
    });

    it('missing parts of the graph', () => {
      expect(errorOf(() => graphFromJSON({ format: 'layerspec.graph', version: 1 }))).toContain(
        'missing name, inputs, params, outputs or nodes',
      );
      expect(errorOf(() => graphFromJSON(doc({ ...base(), nodes: {} })))).toContain('missing name, inputs, params, outputs or nodes');
    });

    it('malformed values and nodes, naming where', () => {
      const noType = errorOf(() => graphFromJSON(doc({ ...base(), inputs: [{ name: 'x' }] })));
      expect(noType).toMatch(/^graphFromJSON: .*inputs\[0\]/);
      const noShape = errorOf(() => graphFromJSON(doc({ ...base(), outputs: [{ name: 'y', type: { dtype: 'float32' } }] })));
      expect(noShape).toMatch(/^graphFromJSON: .*outputs\[0\]/);
      const noInit = errorOf(() => graphFromJSON(doc({ ...base(), params: [{ name: 'w', type: { dtype: 'float32', shape: [1] } }] })));
      expect(noInit).toMatch(/^graphFromJSON: .*params\[0\]/);
      const noInputs = errorOf(() => graphFromJSON(doc({ ...base(), nodes: [{ op: 'Add', name: 'a', attrs: {}, outputs: ['a'] }] })));
      expect(noInputs).toMatch(/^graphFromJSON: .*nodes\[0\]/);
      const badOutputs = errorOf(() =>
        graphFromJSON(doc({ ...base(), nodes: [{ op: 'Add', name: 'a', inputs: [], attrs: {}, outputs: [3] }] })),
      );
      expect(badOutputs).toMatch(/^graphFromJSON: .*nodes\[0\]/);
    });

    it('malformed tensors', () => {
      const read = (t: unknown): string => errorOf(() => graphFromJSON(doc({ ...base(), nodes: [constantNode(t)] })));
      expect(read({ dtype: 'float32', shape: [1] })).toBe('graphFromJSON: malformed $tensor');
      expect(read({ dtype: 'float64', shape: [1], base64: 'AAAAAAAAAAA=' })).toBe("graphFromJSON: unknown tensor dtype 'float64'");
      expect(read({ dtype: 'float32', shape: [2], base64: 'AACAPw==' })).toBe('graphFromJSON: tensor of shape [2] has 4 bytes, expected 8');
      expect(read({ dtype: 'float32', shape: [-1], base64: '' })).toMatch(/^graphFromJSON: .*shape \[-1\]/);
      expect(read({ dtype: 'float32', shape: ['n'], base64: '' })).toMatch(/^graphFromJSON: .*shape/);
      expect(read({ dtype: 'float32', shape: [1], base64: 'AA!AAA==' })).toMatch(/^graphFromJSON: .*base64.*'!'/);
    });

    it('a well-formed document of a broken graph fails verification, naming the node', () => {
      const json = doc({ ...base(), nodes: [{ op: 'Add', name: 'a', inputs: ['p', 'q'], attrs: {}, outputs: ['a'] }] });
      expect(errorOf(() => graphFromJSON(json))).toBe("g: node 'a' (Add): input 'p' is not defined before this node");
    });
  });
});
