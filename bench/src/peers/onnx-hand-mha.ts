import type { HostTensor } from '@layerspec/spec';
import { encodeModel, floatInfo, floats, int64s, node, type INode, type ITensor } from './onnx-proto-helpers.js';

export interface MhaShape {
  heads: number;
  model: number;
}

export type HandVariant = 'decomposed' | 'attention-op' | 'contrib-mha';

/**
 * The best hand-built ONNX graph for self-attention MultiHeadAttention, in three styles: decomposed
 * ops (opset 17), the opset-23 `Attention` op, and onnxruntime's `com.microsoft.MultiHeadAttention`.
 * All three use one fused (D, 3D) projection; the decomposed one also has the scale folded into Wq.
 */
export function handBuiltMha(variant: HandVariant, { heads, model }: MhaShape, w: Record<string, HostTensor>): Uint8Array {
  const d = model;
  const k = d / heads;
  const scale = 1 / Math.sqrt(k);
  const prescale = variant === 'decomposed' ? scale : 1;
  const wqkv = new Float32Array(d * 3 * d);
  const bqkv = new Float32Array(3 * d);
  ['query', 'key', 'value'].forEach((name, part) => {
    const s = part === 0 ? prescale : 1;
    const kernel = w[`${name}/kernel`]!.data;
    const bias = w[`${name}/bias`]!.data;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) wqkv[i * 3 * d + part * d + j] = kernel[i * d + j]! * s;
    for (let j = 0; j < d; j++) bqkv[part * d + j] = bias[j]! * s;
  });
  const initializer: ITensor[] = [
    floats('Wqkv', [d, 3 * d], wqkv),
    floats('Wo', [d, d], Float32Array.from(w['attention_output/kernel']!.data)),
    floats('bo', [d], Float32Array.from(w['attention_output/bias']!.data)),
    int64s('split3', [d, d, d]),
  ];
  const nodes: INode[] = [];
  let opset = 17;
  if (variant === 'contrib-mha') {
    initializer.push(floats('bqkv', [3 * d], bqkv));
    nodes.push(node('MatMul', ['x', 'Wqkv'], ['qkv']), node('Split', ['qkv', 'split3'], ['q', 'k', 'v'], { axis: -1 }));
    nodes.push(node('MultiHeadAttention', ['q', 'k', 'v', 'bqkv'], ['attended'], { num_heads: heads }, 'com.microsoft'));
  } else {
    initializer.push(floats('bqkv', [3 * d], bqkv));
    nodes.push(node('MatMul', ['x', 'Wqkv'], ['qkv0']), node('Add', ['qkv0', 'bqkv'], ['qkv']));
    nodes.push(node('Split', ['qkv', 'split3'], ['q', 'k', 'v'], { axis: -1 }));
    if (variant === 'attention-op') {
      opset = 23;
      nodes.push(node('Attention', ['q', 'k', 'v'], ['attended'], { q_num_heads: heads, kv_num_heads: heads }));
    } else {
      initializer.push(int64s('heads4', [0, 0, heads, k]), int64s('merge3', [0, 0, d]));
      nodes.push(
        node('Reshape', ['q', 'heads4'], ['q4']),
        node('Transpose', ['q4'], ['qh'], { perm: [0, 2, 1, 3] }),
        node('Reshape', ['k', 'heads4'], ['k4']),
        node('Transpose', ['k4'], ['khT'], { perm: [0, 2, 3, 1] }),
        node('Reshape', ['v', 'heads4'], ['v4']),
        node('Transpose', ['v4'], ['vh'], { perm: [0, 2, 1, 3] }),
        node('MatMul', ['qh', 'khT'], ['scores']),
        node('Softmax', ['scores'], ['probs'], { axis: -1 }),
        node('MatMul', ['probs', 'vh'], ['ctx']),
        node('Transpose', ['ctx'], ['ctxT'], { perm: [0, 2, 1, 3] }),
        node('Reshape', ['ctxT', 'merge3'], ['attended']),
      );
    }
  }
  nodes.push(node('MatMul', ['attended', 'Wo'], ['y0']), node('Add', ['y0', 'bo'], ['y']));
  const io = (name: string) => floatInfo(name, ['batch', 'seq', d]);
  const graph = { name: `mha-${variant}`, node: nodes, initializer, input: [io('x')], output: [io('y')] };
  return encodeModel(graph, opset, variant === 'contrib-mha' ? [{ domain: 'com.microsoft', version: 1 }] : []);
}
