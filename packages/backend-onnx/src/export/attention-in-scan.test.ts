/**
 * An attention region inside a Scan body (a recurrent step attending over a captured memory): the
 * attention form reaches it as it reaches a region of the graph itself, on export and on every backend.
 */
import onnxProto from 'onnx-proto';
import {
  GraphBuilder,
  attend,
  attentionRegion,
  buildScan,
  getBackend,
  listBackends,
  tensor,
  type CausalAlignment,
  type Graph,
  type HostTensor,
  type TensorType,
} from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { ONNX_BACKEND_PROFILES } from '../runtime/profiles.js';
import { expectClose } from '../testing/compare.js';
import { chooseAttentionForms, type AttentionForm } from './attention-form.js';
import { exportOnnx } from './export.js';

const { onnx } = onnxProto;
type GraphProto = onnxProto.onnx.IGraphProto;
const f32 = (shape: (number | string)[]): TensorType => ({ dtype: 'float32', shape });

/**
 * h (B, 1, 4) carried through T steps: h' = attention(h + x_t, memory keys, memory values), one query
 * over L = 5 captured keys and values. `causal` 'lowerRight' makes a region the op cannot express.
 */
function stepAttention(causal?: CausalAlignment): Graph {
  const b = new GraphBuilder('AttendingStep');
  const x = b.input('x', f32(['batch', 3, 1, 4]));
  const h0 = b.input('h0', f32(['batch', 1, 4]));
  const keys = b.input('keys', f32(['batch', 5, 4]));
  const values = b.input('values', f32(['batch', 5, 4]));
  const r = buildScan(b, {
    states: [{ name: 'h', value: h0 }],
    scanInputs: [{ name: 'xt', value: x }],
    captures: [keys, values],
    step: (body, [h], [xt], [k, v]) => {
      const q = body.op1('Add', [h!, xt!]);
      const spec = { scale: 0.5, causal };
      const { output } = attentionRegion(body, { query: q, key: k!, value: v! }, spec, () =>
        attend(body, q, k!, v!, { ...spec, dropout: 0 }),
      );
      return { states: [output], outputs: [output] };
    },
  });
  b.output('h', r.states[0]!);
  b.output('outputs', r.outputs[0]!);
  return b.build();
}

/** The op types of a graph and of every Scan body in it. */
function opTypes(graph: GraphProto | null | undefined): string[] {
  return (graph?.node ?? []).flatMap((n) => [n.opType ?? '', ...(n.attribute ?? []).flatMap((a) => opTypes(a.g))]);
}
const allOps = (bytes: Uint8Array): string[] => opTypes(onnx.ModelProto.decode(bytes).graph);
/** The op types of the Scan bodies only. */
const bodyOps = (bytes: Uint8Array): string[] =>
  (onnx.ModelProto.decode(bytes).graph?.node ?? []).flatMap((n) =>
    n.opType === 'Scan' ? opTypes(n.attribute?.find((a) => a.name === 'body')?.g) : [],
  );

const inputs = (batch: number): Record<string, HostTensor> => {
  const fill = (shape: number[], phase: number) =>
    tensor(
      Array.from({ length: shape.reduce((a, d) => a * d, 1) }, (_, i) => 2 * Math.sin(0.37 * i + phase)),
      shape,
    );
  return { x: fill([batch, 3, 1, 4], 1), h0: fill([batch, 1, 4], 2), keys: fill([batch, 5, 4], 3), values: fill([batch, 5, 4], 4) };
};

describe('an attention region in a Scan body', () => {
  const g = stepAttention();
  const body = g.nodes.find((n) => n.op === 'Scan');
  const bodyGraph = body?.op === 'Scan' ? body.attrs.body : undefined;

  it('is in the body, rewritable, as the step built it', () => {
    expect(g.composites ?? []).toEqual([]);
    expect(bodyGraph?.composites?.map((r) => [r.op, r.rewritable])).toEqual([['Attention', true]]);
  });

  it("is written as the ONNX Attention op in the body under 'native' at opset 23, decomposed otherwise", () => {
    const native = exportOnnx(g, undefined, { opset: 23, attention: 'native' });
    expect(bodyOps(native).filter((o) => o === 'Attention')).toHaveLength(1);
    expect(allOps(native)).not.toContain('Softmax');
    for (const attention of ['auto', 'decomposed'] as const) {
      expect(allOps(exportOnnx(g, undefined, { opset: 23, attention }))).not.toContain('Attention');
      expect(bodyOps(exportOnnx(g, undefined, { opset: 23, attention }))).toContain('Softmax');
    }
    expect(allOps(exportOnnx(g, undefined, { opset: 17 }))).not.toContain('Attention');
  });

  it("every backend's default form decomposes it (it has no cache), and leaves no region for the passes to keep", () => {
    for (const [name, profile] of Object.entries(ONNX_BACKEND_PROFILES)) {
      const chosen = chooseAttentionForms(g, 23, profile.attention).nodes.find((n) => n.op === 'Scan');
      expect(chosen?.op === 'Scan' && chosen.attrs.body.composites, name).toBeUndefined();
    }
  });

  it("forcing 'native' says why it cannot, naming the body: opset 17, a lower-right causal mask", () => {
    expect(() => exportOnnx(g, undefined, { opset: 17, attention: 'native' })).toThrow(
      /AttendingStep: scan body: attention: 'native' cannot .* at opset 17: the op needs opset 23/,
    );
    const lowerRight = stepAttention('lowerRight');
    expect(() => exportOnnx(lowerRight, undefined, { opset: 23, attention: 'native' })).toThrow(/scan body: .*lower-right aligned/);
    expect(allOps(exportOnnx(lowerRight, undefined, { opset: 23 }))).not.toContain('Attention');
  });

  const backends = listBackends().filter((n) => n.startsWith('onnx-'));
  const runs = backends.flatMap((b) => (['native', 'decomposed', undefined] as const).map((form) => ({ b, form })));
  it.each(runs)('$b, attention $form at opset 23 matches the reference engine', async ({ b, form }) => {
    const given = inputs(2);
    const expected = await (await ref.compile(g)).run(given, {});
    const options: { opset: 23; attention?: AttentionForm } = form ? { opset: 23, attention: form } : { opset: 23 };
    const compiled = await getBackend(b).compile(g, options);
    try {
      const actual = await compiled.run(given, {});
      for (const o of g.outputs) expectClose(`${b} ${form ?? 'default'} ${o.name}`, actual[o.name], expected[o.name]!);
    } finally {
      compiled.dispose();
    }
  });
});
