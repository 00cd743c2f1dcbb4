/**
 * One or a few cases per op and dtype on irregular values (never integers, never 0 for floats), named
 * `Op(input dtypes)`: a quick sweep of what each op takes, compared with the reference engine.
 */
import { GraphBuilder, tensor, type AttrsOf, type DType, type HostTensor, type OpName } from '@layerspec/spec';
import { size } from '../tensors.js';
import { graph, one, type OpCase } from './types.js';

/** Deterministic values in about [-2.5, 2.5]. */
const F = (shape: number[], shift = 0): HostTensor =>
  tensor(
    Array.from({ length: size(shape) }, (_, i) => Math.round(Math.sin(i * 1.7 + shift + 0.3) * 250) / 100 + 0.005),
    shape,
  );
const POS = (shape: number[]): HostTensor =>
  tensor(
    Array.from({ length: size(shape) }, (_, i) => 0.25 + ((i * 7) % 11) / 3),
    shape,
  );
const I = (shape: number[], shift = 0): HostTensor =>
  tensor(
    Array.from({ length: size(shape) }, (_, i) => ((i * 5 + shift) % 13) - 6),
    shape,
    'int32',
  );
const NZI = (shape: number[]): HostTensor =>
  tensor(
    Array.from({ length: size(shape) }, (_, i) => [3, -2, 5, -4, 1][i % 5]!),
    shape,
    'int32',
  );
const B = (shape: number[], shift = 0): HostTensor =>
  tensor(
    Array.from({ length: size(shape) }, (_, i) => ((i + shift) % 3 === 0 ? 1 : 0)),
    shape,
    'bool',
  );

function sample<K extends OpName>(op: K, inputs: readonly HostTensor[], attrs: Partial<AttrsOf<K>> = {}, label = ''): OpCase {
  return one(`${op}(${inputs.map((t) => t.dtype).join(',')})${label ? ` ${label}` : ''}`, op, inputs, attrs);
}
const binaries = (ops: readonly OpName[], make: (shape: number[], shift: number) => HostTensor): OpCase[] =>
  ops.map((op) => sample(op, [make([2, 3], 0), make([3], 1)]));
const unaries = (ops: readonly OpName[], x: HostTensor): OpCase[] => ops.map((op) => sample(op, [x]));

/** The shape comes from Shape of a second input (an exporter casts a run-time int32 shape to int64). */
const expandToShape = graph('Expand(float32) to Shape(x1)', 'Expand', [F([3, 1]), F([2, 3, 4])], (b, [x, like]) =>
  b.output('y', b.op1('Expand', [x!, b.op1('Shape', [like!])])),
);

function constantCase(dtype: DType): OpCase {
  const value = dtype === 'float32' ? F([2, 2], 3) : dtype === 'int32' ? I([2, 2], 3) : B([2, 2], 1);
  const x = dtype === 'float32' ? F([2, 2]) : dtype === 'int32' ? I([2, 2]) : B([2, 2]);
  return graph(`Constant(${dtype}) as an output and an operand`, 'Constant', [x], (b, [xv]) => {
    const c = b.constant(value);
    b.output('c', c);
    b.output('y', b.op1(dtype === 'bool' ? 'And' : 'Add', [xv!, c]));
  });
}

/** s' = s * w + x_t (w captured), emitting s' and s' > 0 (the latter prepended along axis 0); symbolic time. */
function scanCase(): OpCase {
  const body = new GraphBuilder('body');
  const s = body.input('s', { dtype: 'float32', shape: [2, 3] });
  const xt = body.input('x', { dtype: 'float32', shape: [2, 3] });
  const w = body.input('w', { dtype: 'float32', shape: [3] });
  const next = body.op1('Add', [body.op1('Mul', [s, w]), xt]);
  body.output('s_next', next);
  body.output('y', next);
  body.output('pos', body.op1('Greater', [next, body.scalar(0)]));
  return graph(
    'Scan (1 state, 1 scan input, 1 capture, symbolic time, a bool output prepended)',
    'Scan',
    [F([2, 3]), F([2, 4, 3], 2), tensor([0.5, -1, 0.9])],
    (b, [s0, x, wv]) => {
      const [final, ys, pos] = b.op('Scan', [s0!, x!, wv!], {
        body: body.build(),
        numScanInputs: 1,
        numCaptures: 1,
        scanInputAxes: [1],
        scanOutputAxes: [1, 0],
        scanOutputDirections: [0, 1],
      });
      b.output('final', final!);
      b.output('ys', ys!);
      b.output('pos', pos!);
    },
    [
      { dtype: 'float32', shape: [2, 3] },
      { dtype: 'float32', shape: [2, 'time', 3] },
      { dtype: 'float32', shape: [3] },
    ],
  );
}

export function samplerCases(): OpCase[] {
  return [
    ...binaries(['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual'], F),
    ...binaries(['Add', 'Sub', 'Mul', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual'], I),
    sample('Div', [I([2, 3]), NZI([3])]),
    sample('Pow', [POS([2, 3]), F([3])]),
    ...binaries(['And', 'Or', 'Xor', 'Equal'], B),
    sample('Where', [B([2, 3]), F([2, 3]), F([3], 1)]),
    sample('Where', [B([2, 3]), I([2, 3]), I([1], 1)]),
    sample('Where', [B([2, 3]), B([2, 3], 1), B([3], 2)]),
    ...unaries(['Identity', 'Neg', 'Abs', 'Tanh', 'Sigmoid', 'Relu', 'Exp', 'Reciprocal', 'Erf', 'Sin', 'Cos'], F([2, 3])),
    ...unaries(['Log', 'Sqrt'], POS([2, 3])),
    ...unaries(['Identity', 'Neg', 'Abs', 'Relu'], I([2, 3])),
    ...unaries(['Identity', 'Not'], B([2, 3])),
    sample('Cast', [F([2, 3])], { to: 'int32' }, 'to int32'),
    sample('Cast', [F([2, 3])], { to: 'bool' }, 'to bool'),
    sample('Cast', [I([2, 3])], { to: 'float32' }, 'to float32'),
    sample('Cast', [I([2, 3])], { to: 'bool' }, 'to bool'),
    sample('Cast', [B([2, 3])], { to: 'float32' }, 'to float32'),
    sample('MatMul', [F([2, 3, 4]), F([4, 5], 1)]),
    sample('MatMul', [F([4]), F([2, 4, 3], 1)], {}, '1-D A'),
    sample('MatMul', [I([3, 4]), I([4, 2], 1)]),
    sample('Softmax', [F([2, 3, 4])]),
    sample('Softmax', [F([2, 3, 4])], { axis: 1 }, 'axis 1'),
    ...(['ReduceSum', 'ReduceMean', 'ReduceMax'] as const).flatMap((op) => [
      sample(op, [F([2, 3, 4])], { axes: [1] }, 'axes [1]'),
      sample(op, [F([2, 3, 4])], { axes: [], keepdims: false }, 'all axes, keepdims false'),
      sample(op, [F([2, 3, 4])], { axes: [0, -1], keepdims: false }, 'axes [0, -1]'),
    ]),
    sample('ReduceSum', [I([2, 3])], { axes: [1] }),
    sample('ReduceMax', [I([2, 3])], { axes: [0], keepdims: false }),
    sample('Transpose', [F([2, 3, 4])], { perm: [2, 0, 1] }),
    sample('Transpose', [B([2, 3])], {}, 'reversed'),
    sample('Reshape', [F([2, 3, 4])], { shape: [0, -1] }),
    sample('Reshape', [I([2, 3, 4])], { shape: [4, 3, 2] }),
    sample('Unsqueeze', [F([2, 3])], { axes: [0, 3] }),
    sample('Squeeze', [F([2, 1, 3, 1])], { axes: [1, -1] }),
    expandToShape,
    sample('Concat', [F([2, 1]), F([2, 3], 1), F([2, 2], 2)], { axis: 1 }),
    sample('Concat', [I([1, 2]), I([2, 2], 1)], { axis: 0 }),
    sample('Slice', [F([4, 5])], { starts: [1], ends: [2147483647], axes: [1] }),
    sample('Slice', [F([4, 5])], { starts: [-1, 0], ends: [-2147483648, 5], axes: [0, 1], steps: [-2, 2] }, 'negative step'),
    sample('Slice', [I([6])], { starts: [1], ends: [4] }),
    sample('Gather', [F([3, 4]), tensor([2, -1, 0], [3], 'int32')], { axis: 1 }),
    sample('Gather', [I([3, 4]), tensor([0, 2, 1, 1], [2, 2], 'int32')]),
    sample('Shape', [F([2, 3, 4])]),
    sample('Shape', [F([2, 3, 4])], { start: 1, end: -1 }, 'start 1 end -1'),
    sample('Trilu', [F([2, 3, 4])]),
    sample('Trilu', [F([2, 3, 4]), tensor([1], [], 'int32')], { upper: false }, 'lower, k 1'),
    sample('Trilu', [I([3, 3]), tensor([-1], [], 'int32')], { upper: true }, 'k -1'),
    sample('Trilu', [B([3, 4], 1)], { upper: false }, 'lower'),
    constantCase('float32'),
    constantCase('int32'),
    constantCase('bool'),
    sample('Dropout', [F([2, 3])], { ratio: 0.3 }),
    scanCase(),
  ];
}
