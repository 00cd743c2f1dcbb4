/**
 * The pass fuse-sibling-projections on the onnxruntime backends, where a caller names it (no backend runs
 * it by default: measured no faster there, docs/onnx-attention.md): self-attention's three projections
 * become one MatMul beside the native Attention op, and the outputs stay those of the reference engine
 * and of the export without the pass.
 */
import onnxProto from 'onnx-proto';
import {
  DEVICE_PASS_NAMES,
  GraphBuilder,
  MultiHeadAttention,
  PASS_NAMES,
  TransformerEncoder,
  getBackend,
  initWeights,
  listBackends,
  tensor,
  type Graph,
  type HostTensor,
} from '@layerspec/spec';
import { backend as ref } from '@layerspec/backend-ref';
import { describe, expect, it } from 'vitest';
import '../index.js';
import { ONNX_BACKEND_PROFILES } from '../runtime/profiles.js';
import { expectClose } from '../testing/compare.js';
import { exportOnnx } from './export.js';

const opTypes = (bytes: Uint8Array): string[] => (onnxProto.onnx.ModelProto.decode(bytes).graph?.node ?? []).map((n) => n.opType ?? '');
const count = (bytes: Uint8Array, op: string) => opTypes(bytes).filter((t) => t === op).length;
const DEFAULT_PASSES = PASS_NAMES.filter((n) => !DEVICE_PASS_NAMES.includes(n));
const JOINED = [...DEFAULT_PASSES, 'fuse-sibling-projections' as const];

function selfAttention(): Graph {
  const b = new GraphBuilder('self_attention');
  const x = b.input('x', { dtype: 'float32', shape: ['batch', 'seq', 16] });
  const out = new MultiHeadAttention({ numHeads: 4, keyDim: 4 }).call(b, { query: x, value: x }, {}, 'mha');
  b.output('y', out['output']!);
  return b.build();
}

const encoder = (): Graph =>
  new TransformerEncoder({ intermediateDim: 32, numHeads: 4 }).build({ input: { dtype: 'float32', shape: ['batch', 'seq', 16] } });

const input = (name: string): Record<string, HostTensor> => ({
  [name]: tensor(
    Array.from({ length: 2 * 5 * 16 }, (_, i) => Math.sin(0.37 * i + 1)),
    [2, 5, 16],
  ),
});

describe('fuse-sibling-projections on the onnxruntime backends', () => {
  it('runs only where named: no onnxruntime backend lists it', () => {
    for (const p of Object.values(ONNX_BACKEND_PROFILES)) expect(p.devicePasses).not.toContain('fuse-sibling-projections');
  });

  it('exports self-attention as one projection product, the native Attention op and the output product', () => {
    const g = selfAttention();
    const weights = initWeights(g, { seed: 1 });
    const fused = exportOnnx(g, weights, { opset: 23, attention: 'native', passes: JOINED });
    expect(count(fused, 'Attention')).toBe(1);
    expect(count(fused, 'MatMul')).toBe(2);
    expect(count(fused, 'Slice')).toBe(3);
    const apart = exportOnnx(g, weights, { opset: 23, attention: 'native' });
    expect(count(apart, 'Attention')).toBe(1);
    expect(count(apart, 'MatMul')).toBe(4);
    // Decomposed, the projections join after the scale moved into the query kernel.
    expect(count(exportOnnx(g, weights, { opset: 17, passes: JOINED }), 'MatMul')).toBe(4);
    expect(count(exportOnnx(g, weights, { opset: 17 }), 'MatMul')).toBe(6);
  });

  const backends = listBackends().filter((n) => n === 'onnx-node' || n === 'onnx-web');
  const graphs: [string, () => Graph, string][] = [
    ['MultiHeadAttention self-attention', selfAttention, 'x'],
    ['TransformerEncoder', encoder, 'input'],
  ];
  for (const b of backends) {
    for (const [label, build, inputName] of graphs) {
      for (const [opset, attention] of [
        [23, 'native'],
        [17, 'decomposed'],
      ] as const) {
        it(`${b}: ${label}, opset ${opset} ${attention}: the same outputs with and without the pass`, async () => {
          const g = build();
          const weights = initWeights(g, { seed: 3 });
          const inputs = input(inputName);
          const expected = await (await ref.compile(g)).run(inputs, weights);
          const outputs: Record<string, HostTensor>[] = [];
          for (const passes of [JOINED, true]) {
            const compiled = await getBackend(b).compile(g, { opset, attention, passes });
            try {
              outputs.push(await compiled.run(inputs, weights));
            } finally {
              compiled.dispose();
            }
          }
          for (const name of Object.keys(expected)) {
            expectClose(`${name} (pass)`, outputs[0]![name], expected[name]!);
            expectClose(`${name} (pass vs none)`, outputs[0]![name], outputs[1]![name]!, 1e-6);
          }
        });
      }
    }
  }
});
