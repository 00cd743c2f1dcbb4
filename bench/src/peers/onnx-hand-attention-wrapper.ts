import type { HostTensor } from '@layerspec/spec';
import { encodeModel, floatInfo, floats, int64s, node, type IGraph, type INode } from './onnx-proto-helpers.js';

export interface AttentionWrapperSizes {
  inputSize: number;
  memorySize: number;
  units: number;
}

/**
 * Copies rows [from, to) of a (rows, 4u) kernel in Keras gate order i, f, c, o into gate order
 * i, f, o, c, so the three sigmoid gates are one contiguous block.
 */
function sigmoidGatesFirst(kernel: Float32Array, from: number, to: number, u: number): Float32Array {
  const out = new Float32Array((to - from) * 4 * u);
  const blocks = [0, 1, 3, 2];
  for (let r = from; r < to; r++) {
    const src = r * 4 * u;
    const dst = (r - from) * 4 * u;
    blocks.forEach((b, at) => out.set(kernel.subarray(src + b * u, src + (b + 1) * u), dst + at * u));
  }
  return out;
}

function concatRows(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * One time step: Bahdanau attention on the previous h, then the LSTM on [x_t ; context]. The keys are
 * held transposed, (B, units, L), so the score is the row-vector product v (1, units) @ tanh(..), which
 * comes out as (B, 1, L), ready to weight the memory; onnxruntime runs the (B, L, units) @ v (units)
 * form as an N = 1 GEMM, several times slower.
 */
function stepBody(u: number): IGraph {
  const nodes: INode[] = [
    node('MatMul', ['h', 'Wq'], ['query']),
    node('Unsqueeze', ['query', 'axis2'], ['queryColumn']),
    node('Add', ['keysT', 'queryColumn'], ['preScores']),
    node('Tanh', ['preScores'], ['hidden']),
    node('MatMul', ['vRow', 'hidden'], ['scores']),
    node('Softmax', ['scores'], ['alpha'], { axis: -1 }),
    node('MatMul', ['alpha', 'memory'], ['context3']),
    node('Squeeze', ['context3', 'axis1'], ['context']),
    node('Concat', ['context', 'h'], ['contextH'], { axis: -1 }),
    node('MatMul', ['contextH', 'Wrec'], ['recurrent']),
    node('Add', ['xt', 'recurrent'], ['gates']),
    node('Split', ['gates', 'split3u'], ['sigmoidIn', 'candidateIn'], { axis: -1 }),
    node('Sigmoid', ['sigmoidIn'], ['sigmoids']),
    node('Split', ['sigmoids', 'splitIfo'], ['i', 'f', 'o'], { axis: -1 }),
    node('Tanh', ['candidateIn'], ['candidate']),
    node('Mul', ['f', 'c'], ['kept']),
    node('Mul', ['i', 'candidate'], ['written']),
    node('Add', ['kept', 'written'], ['cNext']),
    node('Tanh', ['cNext'], ['cSquashed']),
    node('Mul', ['o', 'cSquashed'], ['hNext']),
    node('Identity', ['hNext'], ['hOut']),
  ];
  const state = (name: string) => floatInfo(name, ['batch', u]);
  return {
    name: 'step',
    node: nodes,
    input: [state('h'), state('c'), floatInfo('xt', ['batch', 4 * u])],
    output: [state('hNext'), state('cNext'), state('hOut')],
  };
}

/**
 * The best hand-built ONNX graph (opset 17) for `AttentionWrapper({ cell: LSTMCell({ units }),
 * mechanism: 'bahdanau' })`. Outside the loop: memory @ Wm + bias, and x @ W_x + bias for every step
 * in one MatMul. Per step: the score, the context, and one MatMul of [context ; h] with the
 * pre-stacked [W_ctx ; R], whose gate columns are reordered i, f, o, c so one Sigmoid covers three
 * gates. The Scan body reads the weights, keys and memory from the outer graph.
 */
export function handBuiltAttentionWrapper(sizes: AttentionWrapperSizes, w: Record<string, HostTensor>): Uint8Array {
  const { inputSize: din, memorySize: dm, units: u } = sizes;
  const kernel = Float32Array.from(w['cell/kernel']!.data);
  const recurrent = Float32Array.from(w['cell/recurrent_kernel']!.data);
  const bias = Float32Array.from(w['cell/bias']!.data);
  const att = (name: string) => Float32Array.from(w[`attention/${name}`]!.data);
  const scoreUnits = w['attention/v']!.shape[0]!;
  const initializer = [
    floats('Wx', [din, 4 * u], sigmoidGatesFirst(kernel, 0, din, u)),
    floats('bx', [4 * u], sigmoidGatesFirst(bias, 0, 1, u)),
    floats('Wrec', [dm + u, 4 * u], concatRows(sigmoidGatesFirst(kernel, din, din + dm, u), sigmoidGatesFirst(recurrent, 0, u, u))),
    floats('Wm', [dm, scoreUnits], att('memory_kernel')),
    floats('scoreBias', [scoreUnits], att('bias')),
    floats('Wq', [u, scoreUnits], att('query_kernel')),
    floats('vRow', [1, scoreUnits], att('v')),
    floats('zero', [], Float32Array.of(0)),
    int64s('units', [u]),
    int64s('axis1', [1]),
    int64s('axis2', [2]),
    int64s('split3u', [3 * u, u]),
    int64s('splitIfo', [u, u, u]),
  ];
  const nodes: INode[] = [
    node('MatMul', ['memory', 'Wm'], ['memoryKeys']),
    node('Add', ['memoryKeys', 'scoreBias'], ['keys']),
    node('Transpose', ['keys'], ['keysT'], { perm: [0, 2, 1] }),
    // Time-major before the projection: this transposes (B, T, Din) rather than the projected (B, T, 4u).
    node('Transpose', ['inputs'], ['timeMajor'], { perm: [1, 0, 2] }),
    node('MatMul', ['timeMajor', 'Wx'], ['projected']),
    node('Add', ['projected', 'bx'], ['xs']),
    node('Shape', ['inputs'], ['batch'], { start: 0, end: 1 }),
    node('Concat', ['batch', 'units'], ['stateShape'], { axis: 0 }),
    node('Expand', ['zero', 'stateShape'], ['zeros']),
    node('Scan', ['zeros', 'zeros', 'xs'], ['hLast', 'cLast', 'output'], {
      body: stepBody(u),
      num_scan_inputs: 1,
      scan_output_axes: [1],
    }),
  ];
  const graph = {
    name: 'attention-wrapper-bahdanau-lstm',
    node: nodes,
    initializer,
    input: [floatInfo('inputs', ['batch', 'steps', din]), floatInfo('memory', ['batch', 'memory_length', dm])],
    output: [floatInfo('output', ['batch', 'steps', u])],
  };
  return encodeModel(graph, 17);
}
