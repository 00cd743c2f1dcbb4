import type { HostTensor } from '@layerspec/spec';
import { encodeModel, floatInfo, floats, node, type INode } from './onnx-proto-helpers.js';

const EPSILON = 1e-3;

/**
 * The best hand-built ONNX graph (opset 17) for LayerNormalization over the last axis of `input`
 * (batch, seq, model): one `LayerNormalization` node ('native'), or the two-pass mean / population
 * variance written out in elementwise ops and ReduceMean ('decomposed').
 */
export function handBuiltLayerNorm(variant: 'native' | 'decomposed', model: number, w: Record<string, HostTensor>): Uint8Array {
  const initializer = [
    floats('gamma', [model], Float32Array.from(w['gamma']!.data)),
    floats('beta', [model], Float32Array.from(w['beta']!.data)),
  ];
  let nodes: INode[];
  if (variant === 'native') {
    nodes = [node('LayerNormalization', ['input', 'gamma', 'beta'], ['output'], { axis: -1, epsilon: EPSILON })];
  } else {
    initializer.push(floats('epsilon', [], Float32Array.of(EPSILON)));
    // Opset 17 ReduceMean takes its axes as an attribute (an input from opset 18).
    nodes = [
      node('ReduceMean', ['input'], ['mean'], { axes: [-1], keepdims: 1 }),
      node('Sub', ['input', 'mean'], ['centered']),
      node('Mul', ['centered', 'centered'], ['squared']),
      node('ReduceMean', ['squared'], ['variance'], { axes: [-1], keepdims: 1 }),
      node('Add', ['variance', 'epsilon'], ['shifted']),
      node('Sqrt', ['shifted'], ['std']),
      node('Div', ['centered', 'std'], ['normalized']),
      node('Mul', ['normalized', 'gamma'], ['scaled']),
      node('Add', ['scaled', 'beta'], ['output']),
    ];
  }
  const graph = {
    name: `layer-norm-${variant}`,
    node: nodes,
    initializer,
    input: [floatInfo('input', ['batch', 'seq', model])],
    output: [floatInfo('output', ['batch', 'seq', model])],
  };
  return encodeModel(graph, 17);
}
