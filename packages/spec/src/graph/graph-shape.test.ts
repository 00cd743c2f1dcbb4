import { describe, expect, it } from 'vitest';
import { LSTMCell } from '../layers/recurrent/lstm-cell.js';
import { RNN } from '../layers/recurrent/rnn.js';
import { layerFromJSON } from '../layers/from-json.js';
import { LayerNormalization } from '../layers/layer-normalization.js';
import { errorOf } from '../testing/helpers.js';
import { graphFromJSON, graphToJSON } from './serialize.js';

type Doc = {
  graph: Record<string, unknown> & { nodes: { op: string; attrs: Record<string, unknown> }[]; composites?: Record<string, unknown>[] };
};
const docOf = (g: Parameters<typeof graphToJSON>[0]): Doc => JSON.parse(JSON.stringify(graphToJSON(g))) as Doc;

describe('graphFromJSON on malformed documents (cases the fuzz suite found)', () => {
  it('checks composite regions before reading them', () => {
    const doc = docOf(new LayerNormalization({ axis: -1 }).build({ input: { dtype: 'float32', shape: ['b', 4] } }));
    doc.graph.composites![0]!['nodes'] = {};
    expect(errorOf(() => graphFromJSON(doc))).toMatch(/^graphFromJSON: composites\[0\] must be \{ op, sinceOpset/);
  });

  it('checks a Scan body before the Scan reads it', () => {
    const doc = docOf(new RNN({ cell: new LSTMCell({ units: 2 }) }).build({ inputs: { dtype: 'float32', shape: ['b', 't', 3] } }));
    const scan = doc.graph.nodes.find((n) => n.op === 'Scan')!;
    (scan.attrs['body'] as Record<string, unknown>)['inputs'] = [{ name: 'x' }];
    expect(errorOf(() => graphFromJSON(doc))).toMatch(/^graphFromJSON: nodes\[\d+\] attribute 'body': inputs\[0\] must be \{ name, type/);
  });

  it("checks a tensor's byte count before allocating it", () => {
    const doc = docOf(new LayerNormalization({ axis: -1 }).build({ input: { dtype: 'float32', shape: ['b', 4] } }));
    const constant = doc.graph.nodes.find((n) => n.op === 'Constant')!;
    (constant.attrs['value'] as { $tensor: { shape: number[] } }).$tensor.shape = [100000, 100000];
    expect(errorOf(() => graphFromJSON(doc))).toBe('graphFromJSON: tensor of shape [100000, 100000] has 4 bytes, expected 40000000000');
  });

  it('turns text that is not JSON into a LayerspecError, for graphs and layers', () => {
    expect(errorOf(() => graphFromJSON('{"format": '))).toMatch(/^graphFromJSON: not JSON text/);
    expect(errorOf(() => layerFromJSON(''))).toMatch(/^layerFromJSON: not JSON text/);
  });
});
