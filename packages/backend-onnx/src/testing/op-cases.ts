/**
 * Small one-op graphs covering every op of OPS (and the dtypes each takes), for the runtime-vs-reference
 * tests. Test-only: tsconfig.build.json leaves src/testing out of dist.
 */
import { GraphBuilder, tensor, type AttrsOf, type DType, type Graph, type HostTensor, type OpName } from '@layerspec/spec';

export interface OpCase {
  readonly name: string;
  /** The ops the graph exercises (the op under test, plus any helper nodes). */
  readonly ops: readonly OpName[];
  readonly graph: Graph;
  readonly feeds: Record<string, HostTensor>;
}

const size = (shape: number[]): number => shape.reduce((a, c) => a * c, 1);
/** Deterministic values in about [-2.5, 2.5] (never integers, never 0). */
const F = (shape: number[], shift = 0): HostTensor =>
  tensor(Array.from({ length: size(shape) }, (_, i) => Math.round(Math.sin(i * 1.7 + shift + 0.3) * 250) / 100 + 0.005), shape);
const POS = (shape: number[]): HostTensor => tensor(Array.from({ length: size(shape) }, (_, i) => 0.25 + ((i * 7) % 11) / 3), shape);
const I = (shape: number[], shift = 0): HostTensor => tensor(Array.from({ length: size(shape) }, (_, i) => ((i * 5 + shift) % 13) - 6), shape, 'int32');
const NZI = (shape: number[]): HostTensor => tensor(Array.from({ length: size(shape) }, (_, i) => [3, -2, 5, -4, 1][i % 5]!), shape, 'int32');
const B = (shape: number[], shift = 0): HostTensor => tensor(Array.from({ length: size(shape) }, (_, i) => ((i + shift) % 3 === 0 ? 1 : 0)), shape, 'bool');

/** One `op` node over graph inputs x0, x1, ... with output y. */
function one<K extends OpName>(op: K, inputs: readonly HostTensor[], attrs: Partial<AttrsOf<K>> = {}, label = ''): OpCase {
  const b = new GraphBuilder(`t_${op}`);
  const values = inputs.map((t, i) => b.input(`x${i}`, { dtype: t.dtype, shape: t.shape }));
  b.output('y', b.op1(op, values, attrs));
  const feeds: Record<string, HostTensor> = {};
  inputs.forEach((t, i) => (feeds[`x${i}`] = t));
  const dtypes = inputs.map((t) => t.dtype).join(',');
  return { name: `${op}(${dtypes})${label ? ' ' + label : ''}`, ops: [op], graph: b.build(), feeds };
}

function binaries(ops: readonly OpName[], make: (shape: number[], shift: number) => HostTensor): OpCase[] {
  return ops.map((op) => one(op, [make([2, 3], 0), make([3], 1)]));
}

const unaries = (ops: readonly OpName[], x: HostTensor): OpCase[] => ops.map((op) => one(op, [x]));

function expandCase(): OpCase {
  // The shape comes from Shape of a second input, so the ONNX graph casts a runtime int32 shape to int64.
  const b = new GraphBuilder('t_Expand_shape');
  const x = b.input('x0', { dtype: 'float32', shape: [3, 1] });
  const like = b.input('x1', { dtype: 'float32', shape: [2, 3, 4] });
  b.output('y', b.op1('Expand', [x, b.op1('Shape', [like])]));
  return { name: 'Expand(float32) to Shape(x1)', ops: ['Expand', 'Shape'], graph: b.build(), feeds: { x0: F([3, 1]), x1: F([2, 3, 4]) } };
}

function constantCase(dtype: DType): OpCase {
  const b = new GraphBuilder('t_Constant');
  const x = b.input('x0', { dtype, shape: [2, 2] });
  const c = b.constant(dtype === 'float32' ? F([2, 2], 3) : dtype === 'int32' ? I([2, 2], 3) : B([2, 2], 1));
  b.output('c', c);
  b.output('y', b.op1(dtype === 'bool' ? 'And' : 'Add', [x, c]));
  const feeds = { x0: dtype === 'float32' ? F([2, 2]) : dtype === 'int32' ? I([2, 2]) : B([2, 2]) };
  return { name: `Constant(${dtype})`, ops: ['Constant', dtype === 'bool' ? 'And' : 'Add'], graph: b.build(), feeds };
}

function scanCase(): OpCase {
  // s' = s * w + x_t (w captured), emitting s' and s' > 0; forward over axis 1 of x (2, 4, 3).
  const body = new GraphBuilder('body');
  const s = body.input('s', { dtype: 'float32', shape: [2, 3] });
  const xt = body.input('x', { dtype: 'float32', shape: [2, 3] });
  const w = body.input('w', { dtype: 'float32', shape: [3] });
  const next = body.op1('Add', [body.op1('Mul', [s, w]), xt]);
  body.output('s_next', next);
  body.output('y', next);
  body.output('pos', body.op1('Greater', [next, body.scalar(0)]));
  const b = new GraphBuilder('t_Scan');
  const s0 = b.input('s0', { dtype: 'float32', shape: [2, 3] });
  const x = b.input('x', { dtype: 'float32', shape: [2, 'time', 3] });
  const wv = b.input('w', { dtype: 'float32', shape: [3] });
  const [final, ys, pos] = b.op('Scan', [s0, x, wv], {
    body: body.build(), numScanInputs: 1, numCaptures: 1, scanInputAxes: [1], scanOutputAxes: [1, 0], scanOutputDirections: [0, 1],
  });
  b.output('final', final!);
  b.output('ys', ys!);
  b.output('pos', pos!);
  return { name: 'Scan (1 state, 1 scan input, 1 capture, symbolic time)', ops: ['Scan', 'Add', 'Mul', 'Greater', 'Constant'], graph: b.build(), feeds: { s0: F([2, 3]), x: F([2, 4, 3], 2), w: tensor([0.5, -1, 0.9]) } };
}

export function opCases(): OpCase[] {
  const k = tensor([1], [], 'int32');
  return [
    ...binaries(['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual'], F),
    ...binaries(['Add', 'Sub', 'Mul', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual'], I),
    one('Div', [I([2, 3]), NZI([3])]),
    one('Pow', [POS([2, 3]), F([3])]),
    ...binaries(['And', 'Or', 'Xor', 'Equal'], B),
    one('Where', [B([2, 3]), F([2, 3]), F([3], 1)]),
    one('Where', [B([2, 3]), I([2, 3]), I([1], 1)]),
    one('Where', [B([2, 3]), B([2, 3], 1), B([3], 2)]),
    ...unaries(['Identity', 'Neg', 'Abs', 'Tanh', 'Sigmoid', 'Relu', 'Exp', 'Reciprocal', 'Erf'], F([2, 3])),
    ...unaries(['Log', 'Sqrt'], POS([2, 3])),
    ...unaries(['Identity', 'Neg', 'Abs', 'Relu'], I([2, 3])),
    ...unaries(['Identity', 'Not'], B([2, 3])),
    one('Cast', [F([2, 3])], { to: 'int32' }, 'to int32'),
    one('Cast', [F([2, 3])], { to: 'bool' }, 'to bool'),
    one('Cast', [I([2, 3])], { to: 'float32' }, 'to float32'),
    one('Cast', [I([2, 3])], { to: 'bool' }, 'to bool'),
    one('Cast', [B([2, 3])], { to: 'float32' }, 'to float32'),
    one('MatMul', [F([2, 3, 4]), F([4, 5], 1)]),
    one('MatMul', [F([4]), F([2, 4, 3], 1)], {}, '1-D A'),
    one('MatMul', [I([3, 4]), I([4, 2], 1)]),
    one('Softmax', [F([2, 3, 4])]),
    one('Softmax', [F([2, 3, 4])], { axis: 1 }, 'axis 1'),
    ...(['ReduceSum', 'ReduceMean', 'ReduceMax'] as const).flatMap((op) => [
      one(op, [F([2, 3, 4])], { axes: [1] }, 'axes [1]'),
      one(op, [F([2, 3, 4])], { axes: [], keepdims: false }, 'all axes, keepdims false'),
      one(op, [F([2, 3, 4])], { axes: [0, -1], keepdims: false }, 'axes [0, -1]'),
    ]),
    one('ReduceSum', [I([2, 3])], { axes: [1] }),
    one('ReduceMax', [I([2, 3])], { axes: [0], keepdims: false }),
    one('Transpose', [F([2, 3, 4])], { perm: [2, 0, 1] }),
    one('Transpose', [B([2, 3])], {}, 'reversed'),
    one('Reshape', [F([2, 3, 4])], { shape: [0, -1] }),
    one('Reshape', [I([2, 3, 4])], { shape: [4, 3, 2] }),
    one('Unsqueeze', [F([2, 3])], { axes: [0, 3] }),
    one('Squeeze', [F([2, 1, 3, 1])], { axes: [1, -1] }),
    expandCase(),
    one('Concat', [F([2, 1]), F([2, 3], 1), F([2, 2], 2)], { axis: 1 }),
    one('Concat', [I([1, 2]), I([2, 2], 1)], { axis: 0 }),
    one('Slice', [F([4, 5])], { starts: [1], ends: [2147483647], axes: [1] }),
    one('Slice', [F([4, 5])], { starts: [-1, 0], ends: [-2147483648, 5], axes: [0, 1], steps: [-2, 2] }, 'negative step'),
    one('Slice', [I([6])], { starts: [1], ends: [4] }),
    one('Gather', [F([3, 4]), tensor([2, -1, 0], [3], 'int32')], { axis: 1 }),
    one('Gather', [I([3, 4]), tensor([[0, 2], [1, 1]], [2, 2], 'int32')]),
    one('Shape', [F([2, 3, 4])]),
    one('Shape', [F([2, 3, 4])], { start: 1, end: -1 }, 'start 1 end -1'),
    one('Trilu', [F([2, 3, 4])]),
    one('Trilu', [F([2, 3, 4]), k], { upper: false }, 'lower, k 1'),
    one('Trilu', [I([3, 3]), tensor([-1], [], 'int32')], { upper: true }, 'k -1'),
    one('Trilu', [B([3, 4], 1)], { upper: false }, 'lower'),
    constantCase('float32'),
    constantCase('int32'),
    constantCase('bool'),
    one('Dropout', [F([2, 3])], { ratio: 0.3 }),
    scanCase(),
  ];
}
