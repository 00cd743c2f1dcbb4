/**
 * Parity of the tfjs lowering with the reference engine, op by op: small graphs from GraphBuilder (mostly
 * one op over graph inputs x0, x1, ...), each run on the reference backend (the float64 oracle) and on the
 * tfjs backend under test, on both TensorFlow.js runtimes ('cpu' and 'wasm'). The cases follow the
 * reference engine's own kernel tests (backend-ref/src/kernels/kernels-*.test.ts): broadcasting forms,
 * int32 and bool variants, negative axes, NaN/inf edges, Slice steps, Gather negative indices, Trilu with
 * a k input, Expand from Shape, Softmax on other axes and at 1e4 logits, batched and 1-D MatMul with
 * folded Transposes, and Scan forward/reverse with captures.
 *
 * Every op of OPS must appear in some case (checked below, so a new op without a case fails); Dropout in
 * training, being random, is checked by its statistics instead.
 *
 * The 'int32 beyond 2^24' group pins down where tfjs itself strays from exact int32 arithmetic (worked
 * around in the lowering, see kernels/elementwise.ts, unary.ts, matmul.ts): Abs goes through float32 on
 * both runtimes, Neg and FloorDiv through float32 on wasm, cpu's Mul rounds products beyond 2^53, and wasm
 * has no int32 MatMul. NaN cases pin wasm's Maximum/Minimum, which drop a NaN second operand.
 */
import { describe, expect, it } from 'vitest';
import {
  GraphBuilder, OP_NAMES, buildScan, tensor,
  type AttrsOf, type Backend, type DType, type Dim, type Graph, type HostTensor, type OpName, type TensorType, type Value,
} from '@layerspec/spec';
import { backend as refBackend } from '@layerspec/backend-ref';
import { cpuBackend, runGraph, tf, useRuntime, wasmBackend } from '../index.js';
import type { Tensor } from '../tf.js';

/**
 * Float tolerance: |tfjs - ref| <= FLOAT_RTOL * max(1, |ref|). The reference engine computes in float64
 * and rounds once to float32 (relative error <= 2^-24 = 6e-8); tfjs rounds to float32 after every
 * internal step (each add of a sum or dot product, the exp of a softmax) and evaluates tanh, exp, erf and
 * pow with float32 approximations of a few ulp (its erf is Abramowitz-Stegun 7.1.26, 1.5e-7 absolute).
 * 1e-5 is ~170 float32 ulp: ample for one op on these small shapes, far below any wrong formula. The
 * scale is absolute below 1 since a relative error near 0 means nothing (sigmoid(-50) = 2e-22 may come
 * out as 0 in float32 arithmetic). int32 and bool compare exactly; NaN must meet NaN and an infinity the
 * same infinity.
 *
 * Floats compare exactly too where float32 is exact: graphs of ops that only move, select or compare
 * values (EXACT_OPS), and cases marked `exactly` whose values keep every sum exact in float32 (integers,
 * quarters). A tolerance would hide small garbage there: tfjs-wasm's MatMul with an empty inner dim
 * returned uninitialized memory (3.6e-41) until the lowering made it zeros.
 */
const FLOAT_RTOL = 1e-5;

/** Ops whose float32 result is the exact one: data movement, selection, comparison, sign. */
const EXACT_OPS: ReadonlySet<OpName> = new Set<OpName>([
  'Identity', 'Neg', 'Abs', 'Relu', 'Max', 'Min', 'ReduceMax', 'Where', 'Cast', 'Not', 'And', 'Or', 'Xor',
  'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual', 'Transpose', 'Reshape', 'Unsqueeze', 'Squeeze',
  'Expand', 'Concat', 'Slice', 'Gather', 'Shape', 'Trilu', 'Constant', 'Dropout', 'Scan',
]);

/** Every op a graph uses, Scan bodies included. */
function opsOf(g: Graph, into = new Set<OpName>()): Set<OpName> {
  for (const node of g.nodes) {
    into.add(node.op);
    if (node.op === 'Scan') opsOf(node.attrs.body, into);
  }
  return into;
}

const F = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'float32');
const I = (values: readonly number[], shape: number[]): HostTensor => tensor(values, shape, 'int32');
const B = (values: readonly boolean[], shape: number[]): HostTensor => tensor(values.map(Number), shape, 'bool');
const size = (shape: readonly number[]): number => shape.reduce((a, c) => a * c, 1);
/** 1, 2, ..., n (times `scale`) over `shape`. */
const seq = (shape: number[], scale = 1): HostTensor => F(Array.from({ length: size(shape) }, (_, i) => (i + 1) * scale), shape);
/** 0, 1, ..., n-1 over `shape`. */
const arange = (shape: number[], dtype: DType = 'float32'): HostTensor => tensor(Array.from({ length: size(shape) }, (_, i) => i), shape, dtype);
/** Matmul operands as in the reference tests: exact in float32 (quarters), int32 variants 4x. */
const va = (shape: number[], dtype: DType = 'float32'): HostTensor =>
  tensor(Array.from({ length: size(shape) }, (_, i) => (((i * 7) % 11) - 5) / (dtype === 'float32' ? 4 : 1)), shape, dtype);
const vb = (shape: number[], dtype: DType = 'float32'): HostTensor =>
  tensor(Array.from({ length: size(shape) }, (_, i) => (((i * 5) % 13) - 6) / (dtype === 'float32' ? 4 : 1)), shape, dtype);
/** Smooth non-trivial floats in about [-2, 2]. */
const wave = (shape: number[], phase = 0): HostTensor => F(Array.from({ length: size(shape) }, (_, i) => 2 * Math.sin(0.7 * i + phase)), shape);
const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });
const i32 = (...shape: Dim[]): TensorType => ({ dtype: 'int32', shape });
const typeOf = (t: HostTensor): TensorType => ({ dtype: t.dtype, shape: t.shape });

interface Case {
  name: string;
  graph: Graph;
  /** Feeds of successive runs of one compiled graph (usually one). */
  runs: Record<string, HostTensor>[];
  /** Compare floats exactly (see FLOAT_RTOL). */
  exact: boolean;
}

function makeCase(name: string, g: Graph, feeds: Record<string, HostTensor>): Case {
  return { name, graph: g, runs: [feeds], exact: [...opsOf(g)].every((op) => EXACT_OPS.has(op)) };
}

/** Marks a case whose values keep float32 exact (small integers, quarters). */
const exactly = (c: Case): Case => ({ ...c, exact: true });

/** One `op` node over graph inputs x0, x1, ... (undefined = omitted optional input; `types` may make dims symbolic); output y. */
function one<K extends OpName>(
  name: string, op: K, inputs: readonly (HostTensor | undefined)[], attrs: Partial<AttrsOf<K>> = {}, types?: readonly (TensorType | undefined)[],
): Case {
  const b = new GraphBuilder(`t_${op}`);
  const values = inputs.map((t, i) => (t ? b.input(`x${i}`, types?.[i] ?? typeOf(t)) : undefined));
  b.output('y', b.op1(op, values, attrs));
  const feeds: Record<string, HostTensor> = {};
  inputs.forEach((t, i) => t && (feeds[`x${i}`] = t));
  return makeCase(name, b.build(), feeds);
}

/** A graph written by `build` over inputs x0, x1, ... typed like `inputs` (or by `types`). */
function graph(name: string, inputs: readonly HostTensor[], build: (b: GraphBuilder, xs: Value[]) => void, types?: readonly TensorType[]): Case {
  const b = new GraphBuilder(`t_${name}`);
  build(b, inputs.map((t, i) => b.input(`x${i}`, types?.[i] ?? typeOf(t))));
  const feeds: Record<string, HostTensor> = {};
  inputs.forEach((t, i) => (feeds[`x${i}`] = t));
  return makeCase(name, b.build(), feeds);
}

/** A body graph: inputs in order (states, slices, captures), outputs in order (next states, slices). */
function body(inputs: [string, TensorType][], step: (b: GraphBuilder, ins: Value[]) => [string, Value][], name = 'body'): Graph {
  const b = new GraphBuilder(name);
  const values = inputs.map(([n, t]) => b.input(n, t));
  for (const [n, v] of step(b, values)) b.output(n, v);
  return b.build();
}

/** One Scan node over inputs x0, x1, ...; outputs y0, y1, ... */
function scan(name: string, inputs: readonly HostTensor[], attrs: Partial<AttrsOf<'Scan'>>, types?: readonly TensorType[]): Case {
  return graph(name, inputs, (b, xs) => b.op('Scan', xs, attrs).forEach((v, i) => b.output(`y${i}`, v)), types);
}

// ---- elementwise ----

const broadcastShapes: [string, number[], number[]][] = [
  ['tensor and rank-0 scalar', [2, 3], []],
  ['rank-0 and rank-0', [], []],
  ['trailing (3) against (2,3)', [2, 3], [3]],
  ['leading 1 on the right', [2, 3], [1, 3]],
  ['leading 1 on the left', [1, 3], [2, 3]],
  ['trailing 1 (column)', [2, 3], [2, 1]],
  ['middle 1-dim', [2, 3, 4], [2, 1, 4]],
  ['both sides broadcast, ranks differ', [2, 1, 4], [3, 1]],
  ['outer product (2,1) with (1,3)', [2, 1], [1, 3]],
  ['alternating 1-dims', [4, 1, 3], [1, 2, 1]],
  ['lower rank on the left', [3], [2, 1, 1]],
  ['empty dim', [0, 3], [3]],
];

const FLOAT_BINARY: OpName[] = ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual'];
const INT_BINARY: OpName[] = ['Add', 'Sub', 'Mul', 'Div', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual'];
const nanA = F([NaN, 1, NaN, -Infinity, 3], [5]);
const nanB = F([0, NaN, NaN, 2, -1], [5]);
const Af = F([-1.5, 0, 2, 3, -4, 0.5], [2, 3]);
const Bf = F([2, -0.5, 0.5], [3]);
const Ai = I([7, -7, 0, 5, -5, 9], [2, 3]);
const Bi = I([2, 2, -4], [3]);

const elementwise: Case[] = [
  ...broadcastShapes.flatMap(([name, sa, sb]) => [
    exactly(one(`Add broadcasting: ${name}`, 'Add', [seq(sa), seq(sb, 10)])),
    exactly(one(`Sub broadcasting: ${name}`, 'Sub', [seq(sa), seq(sb, 10)])),
  ]),
  one('int32 Mul against a rank-0 int', 'Mul', [I([1, 2, 3], [3]), I([-2], [])]),
  one('int32 Add broadcasting (2,1,4) with (3,1)', 'Add', [I(Array.from({ length: 8 }, (_, i) => i - 3), [2, 1, 4]), I([10, -20, 30], [3, 1])]),
  ...FLOAT_BINARY.map((op) => one(`${op} float32 (2,3) with (3)`, op, [Af, Bf])),
  ...FLOAT_BINARY.map((op) => one(`${op} float32 smooth values (2,1,4) with (3,1)`, op, [wave([2, 1, 4]), F([0.5, 1.25, 2], [3, 1])])),
  one('Pow of negatives by integer exponents', 'Pow', [F([-2, -1.5, -3, 0, 2, 4], [6]), F([2, 3, -1, 0, 0.5, -0.5], [6])]),
  one('Div by zero gives ±inf and NaN for floats', 'Div', [F([1, -1, 0], [3]), F([0], [])]),
  one('Max propagates NaN from either side', 'Max', [nanA, nanB]),
  one('Min propagates NaN from either side', 'Min', [nanA, nanB]),
  one('Max with a NaN scalar reaches every element', 'Max', [F([1, 2], [2]), F([NaN], [])]),
  one('Less with NaN is false', 'Less', [nanA, nanB]),
  one('Equal with NaN is false', 'Equal', [nanA, nanB]),
  one('GreaterOrEqual with NaN is false', 'GreaterOrEqual', [nanA, nanB]),
  ...INT_BINARY.map((op) => one(`${op} int32 (2,3) with (3)`, op, [Ai, Bi])),
  one('int32 Div truncates toward zero, every sign combination', 'Div',
    [I([7, -7, 7, -7, 6, -6, 0, 1, -1, 2147483647], [10]), I([2, 2, -2, -2, 3, 3, -5, 7, 7, -1], [10])]),
  one('int32 Div with a broadcast divisor', 'Div', [I(Array.from({ length: 12 }, (_, i) => i * 5 - 30), [3, 4]), I([4, -3, 7], [3, 1])]),
  one('Equal on ints finds equal entries', 'Equal', [I([3, -1, 0], [3]), I([3, 1, 0], [3])]),
  one('int32 Add wraps around', 'Add', [I([2147483647, -2147483648], [2]), I([1], [1])]),
  one('int32 Sub wraps around', 'Sub', [I([-2147483648, 5], [2]), I([1], [1])]),
  one('int32 Mul wraps around (products beyond 2^53 too)', 'Mul', [I([123456789, 65536, -46341], [3]), I([987654321, 65536, 46341], [3])]),
  ...(['And', 'Or', 'Xor', 'Equal'] as const).map((op) => one(`${op} bool (2,1) with (2)`, op, [B([true, false], [2, 1]), B([true, false], [2])])),
  one('And bool with a rank-0', 'And', [B([true, false, true], [3]), B([true], [])]),
  one('Not', 'Not', [B([true, false, false], [3])]),
  one('Not of a (2,2,1)', 'Not', [B([false, true, true, false], [2, 2, 1])]),
  one('Where broadcasts condition (2,1,1), X (3,1) and Y (4)', 'Where', [B([true, false], [2, 1, 1]), F([1, 2, 3], [3, 1]), F([10, 20, 30, 40], [4])]),
  one('Where int32 with a rank-0 X', 'Where', [B([true, false, true, false, false, true], [2, 3]), I([7], []), I([-1, -2], [2, 1])]),
  one('Where bool X and Y, rank-0 Y', 'Where', [B([true, false, true], [3]), B([true, false], [2, 1]), B([false], [])]),
  one('Where rank-0 condition', 'Where', [B([false], []), F([1, 2, 3], [3]), F([-1], [])]),
  one('Where keeps NaN and inf of the chosen side', 'Where', [B([true, false, true, false], [4]), F([NaN, 1, Infinity, 2], [4]), F([0, NaN, 0, -Infinity], [4])]),
];

// ---- unary and Cast ----

const UNARY_FLOAT: OpName[] = ['Tanh', 'Sigmoid', 'Exp', 'Erf', 'Neg', 'Abs', 'Relu', 'Identity'];
const x6 = F([-2, -0.5, 0, 0.5, 1, 3], [2, 3]);
const edges = F([0, 0.25, 1, 2, 10, -1, -0], [7]);
const big = F([-800, -50, -20, 20, 50, 800], [6]);
const xi = I([-3, 0, 5, -2147483647], [4]);

const unary: Case[] = [
  ...UNARY_FLOAT.map((op) => one(`${op} on [-2, -0.5, 0, 0.5, 1, 3]`, op, [x6])),
  ...UNARY_FLOAT.map((op) => one(`${op} on smooth values (3,4)`, op, [wave([3, 4], 0.3)])),
  ...(['Log', 'Sqrt', 'Reciprocal'] as const).map((op) => one(`${op} at 0, -1 and -0`, op, [edges])),
  ...(['Log', 'Sqrt', 'Reciprocal', 'Exp'] as const).map((op) => one(`${op} on positives (2,3)`, op, [F([0.001, 0.3, 1.7, 4, 25, 1000], [2, 3])])),
  one('Exp overflows to inf and underflows to 0', 'Exp', [F([-200, -90, 80, 89, 100], [5])]),
  one('Sigmoid does not overflow at ±50 and ±800', 'Sigmoid', [big]),
  one('Tanh saturates', 'Tanh', [big]),
  one('Erf in the tails', 'Erf', [F([-6.5, -3, -2.5, 2.5, 4, 10], [6])]),
  one('Relu propagates NaN', 'Relu', [F([NaN, -1, 2], [3])]),
  ...(['Neg', 'Abs', 'Exp', 'Tanh', 'Sigmoid', 'Erf'] as const).map((op) => one(`${op} keeps NaN`, op, [F([NaN], [1])])),
  ...(['Neg', 'Abs', 'Relu', 'Identity'] as const).map((op) => one(`${op} int32`, op, [xi])),
  one('Identity bool', 'Identity', [B([true, false], [2])]),
  one('Identity rank-0', 'Identity', [F([2.5], [])]),
  one('Cast float -> int32 truncates toward zero', 'Cast', [F([-2.7, -0.5, 0.5, 2.7, 3, -0, -1e9, 1e9], [8])], { to: 'int32' }),
  one('Cast float -> bool is x != 0 (NaN true, -0 false)', 'Cast', [F([0, -0, 0.1, NaN, -3, Infinity], [6])], { to: 'bool' }),
  one('Cast bool -> float32', 'Cast', [B([true, false, true], [3])], { to: 'float32' }),
  one('Cast bool -> int32', 'Cast', [B([true, false, true], [3])], { to: 'int32' }),
  one('Cast int32 -> bool', 'Cast', [I([0, -4, 2], [3])], { to: 'bool' }),
  one('Cast int32 -> float32 rounds like numpy', 'Cast', [I([-3, 0, 16777217, 2147483647], [4])], { to: 'float32' }),
  one('Cast float32 -> float32', 'Cast', [F([1.5, -2], [2])], { to: 'float32' }),
  one('Cast int32 -> int32', 'Cast', [I([9, -9], [1, 2])], { to: 'int32' }),
  one('Cast bool -> bool', 'Cast', [B([true, false], [2])], { to: 'bool' }),
];

// ---- Softmax and reductions ----

const logits = F([1, 2, 3, 1e4, 1e4 + 1, 1e4 + 3, -1e4, -1e4 - 1, -1e4 - 3], [3, 3]);
const s232 = F([-1, -0.5, 0, 0.5, 1, -1, -0.5, 0, 0.5, 1, -1, -0.5], [2, 3, 2]);
const r234 = F(Array.from({ length: 24 }, (_, i) => ((i * 7) % 24) - 12), [2, 3, 4]);
const reduceAxes: [string, number[], boolean][] = [
  ['axes [0, 2], keepdims', [0, 2], true],
  ['axes [-1], keepdims false', [-1], false],
  ['axes [] = all, keepdims', [], true],
  ['axes [] = all, keepdims false (rank 0)', [], false],
  ['axes [-3, 1], keepdims false', [-3, 1], false],
  ['axes [1] (middle), keepdims', [1], true],
  ['all axes listed explicitly', [2, 0, 1], false],
];
const nanRows = F([1, NaN, 3, NaN, 5, 2, -Infinity, -Infinity, -Infinity, 4, 1, NaN], [4, 3]);

const reductions: Case[] = [
  one('Softmax last axis with logits of ±1e4', 'Softmax', [logits]),
  one('Softmax axis 1 of (3,3) with logits of ±1e4', 'Softmax', [logits], { axis: 1 }),
  one('Softmax: -inf entries get 0, a row of all -inf is NaN', 'Softmax', [F([0, -Infinity, 1, -Infinity, 2, -Infinity, -Infinity, -Infinity, -Infinity], [3, 3])]),
  ...[1, -2, 0, -3].map((axis) => one(`Softmax axis ${axis} of (2,3,2)`, 'Softmax', [s232], { axis })),
  one('Softmax axis 1 of (2,3,4,2), smooth values', 'Softmax', [wave([2, 3, 4, 2])], { axis: 1 }),
  one('Softmax of a rank-1', 'Softmax', [F([3, -1, 0.5, 2], [4])]),
  ...reduceAxes.flatMap(([name, axes, keepdims]) =>
    (['ReduceSum', 'ReduceMean', 'ReduceMax'] as const).map((op) => one(`${op} ${name}`, op, [r234], { axes, keepdims }))),
  ...(['ReduceSum', 'ReduceMean', 'ReduceMax'] as const).map((op) => one(`${op} of smooth values, axes [1, 3]`, op, [wave([2, 5, 3, 4])], { axes: [1, 3] })),
  one('ReduceSum int32 axes [0, -1]', 'ReduceSum', [I(Array.from({ length: 24 }, (_, i) => ((i * 7) % 24) - 12), [2, 3, 4])], { axes: [0, -1], keepdims: false }),
  one('ReduceMax int32 axes [1]', 'ReduceMax', [I(Array.from({ length: 24 }, (_, i) => ((i * 7) % 24) - 12), [2, 3, 4])], { axes: [1] }),
  one('ReduceMax propagates NaN wherever it sits (rows)', 'ReduceMax', [nanRows], { axes: [-1], keepdims: false }),
  one('ReduceMax propagates NaN wherever it sits (columns)', 'ReduceMax', [nanRows], { axes: [0], keepdims: false }),
  one('ReduceSum of a rank-0', 'ReduceSum', [F([2.5], [])]),
  one('ReduceMean of a rank-0', 'ReduceMean', [F([2.5], [])], { keepdims: false }),
  one('ReduceMax of a rank-0', 'ReduceMax', [F([-2.5], [])]),
];

// ---- sources ----

const constants: Case[] = [
  ['float32 with NaN and ±inf', tensor([1.5, NaN, -Infinity, Infinity], [2, 2], 'float32')] as const,
  ['int32 rank-0', tensor([-7], [], 'int32')] as const,
  ['bool', tensor([1, 0, 1], [3], 'bool')] as const,
].map(([name, value]) => graph(`Constant ${name}`, [], (b) => b.output('y', b.constant(value))));
constants.push(graph('Constant feeding an Add', [F([1, 2, 3], [3])], (b, [x]) => b.output('y', b.op1('Add', [x!, b.scalar(0.5)]))));
const dropoutIdentity = one('Dropout without training is the identity', 'Dropout', [F([1, -2, 3], [3])], { ratio: 0.3 });

// ---- MatMul and Transpose folding ----

const matmulShapes: [string, number[], number[]][] = [
  ['2-D', [2, 3], [3, 4]],
  ['1-D on the left', [3], [3, 4]],
  ['1-D on the right', [2, 3], [3]],
  ['1-D on both sides gives rank 0', [3], [3]],
  ['1-D left against a batched right', [4], [5, 4, 2]],
  ['batched left against a 1-D right', [2, 3, 4], [4]],
  ['right operand without batch dims', [2, 3, 4], [4, 5]],
  ['left operand without batch dims', [3, 4], [2, 4, 5]],
  ['batch dims broadcast on both sides: (2,1,3,4) @ (5,4,2)', [2, 1, 3, 4], [5, 4, 2]],
  ['batch of 1 against a batch of 3: (1,2,3) @ (3,3,2)', [1, 2, 3], [3, 3, 2]],
  ['equal batches: (2,3,2,4) @ (2,3,4,3)', [2, 3, 2, 4], [2, 3, 4, 3]],
];
const intMatmulShapes: [string, number[], number[]][] = [
  ['2-D', [2, 3], [3, 4]],
  ['batched left, 1-D right', [2, 2, 3], [3]],
  ['1-D left, batched right', [3], [2, 3, 2]],
  ['batch broadcasting', [2, 1, 2, 3], [3, 3, 2]],
  ['right operand without batch dims', [2, 3, 4], [4, 2]],
];

/** MatMul of inputs x0, x1, each behind a last-two-axes Transpose when `ta`/`tb`; `barrier` puts an Identity in between (no fold). */
function product(name: string, a: HostTensor, b: HostTensor, ta: boolean, tb: boolean, barrier: boolean): Case {
  return graph(name, [a, b], (g, [x0, x1]) => {
    const operand = (v: Value, trans: boolean): Value => {
      if (!trans) return v;
      const r = v.type.shape.length;
      const tv = g.op1('Transpose', [v], { perm: [...Array(r - 2).keys(), r - 1, r - 2] });
      return barrier ? g.op1('Identity', [tv]) : tv;
    };
    g.output('y', g.op1('MatMul', [operand(x0!, ta), operand(x1!, tb)]));
  });
}

const foldCases: [string, HostTensor, HostTensor, boolean, boolean][] = [
  ['left: T(2,4,3) @ (4,5)', va([2, 4, 3]), vb([4, 5]), true, false],
  ['right: (2,3,4) @ T(2,5,4)', va([2, 3, 4]), vb([2, 5, 4]), false, true],
  ['both: T(2,4,3) @ T(5,4)', va([2, 4, 3]), vb([5, 4]), true, true],
  ['2-D both: T(4,3) @ T(5,4)', va([4, 3]), vb([5, 4]), true, true],
  ['left with batch broadcasting: T(2,1,4,3) @ (5,4,2)', va([2, 1, 4, 3]), vb([5, 4, 2]), true, false],
  ['right with batch broadcasting: (2,1,3,4) @ T(5,2,4)', va([2, 1, 3, 4]), vb([5, 2, 4]), false, true],
  ['left 2-D against a 1-D right: T(4,3) @ (4)', va([4, 3]), vb([4]), true, false],
  ['1-D left against a batched right: (4) @ T(2,3,4)', va([4]), vb([2, 3, 4]), false, true],
  ['int32 left: T(4,2) @ (4,3)', va([4, 2], 'int32'), vb([4, 3], 'int32'), true, false],
  ['int32 right, batched: (2,2,3) @ T(2,4,3)', va([2, 2, 3], 'int32'), vb([2, 4, 3], 'int32'), false, true],
];

const matmul: Case[] = [
  ...matmulShapes.map(([name, sa, sb]) => exactly(one(`MatMul ${name}`, 'MatMul', [va(sa), vb(sb)]))),
  one('MatMul of smooth values (2,3,5) @ (5,4)', 'MatMul', [wave([2, 3, 5]), wave([5, 4], 1)]),
  exactly(one('MatMul with an empty inner dim gives zeros', 'MatMul', [F([], [2, 0]), F([], [0, 3])])),
  exactly(one('MatMul with an empty inner dim, batched, gives zeros', 'MatMul', [F([], [2, 3, 0]), F([], [0, 4])])),
  one('MatMul int32 with an empty inner dim gives zeros', 'MatMul', [I([], [2, 0]), I([], [2, 0, 3])]),
  ...intMatmulShapes.map(([name, sa, sb]) => one(`MatMul int32 ${name}`, 'MatMul', [va(sa, 'int32'), vb(sb, 'int32')])),
  ...foldCases.flatMap(([name, a, b, ta, tb]) => [
    exactly(product(`Transpose folded into MatMul, ${name}`, a, b, ta, tb, false)),
    exactly(product(`Transpose not folded (Identity barrier), ${name}`, a, b, ta, tb, true)),
  ]),
  exactly(graph('a folded Transpose that is also an output and feeds MatMuls on both sides', [va([4, 3]), vb([4, 2]), vb([5, 3])], (g, [x, w, v]) => {
    const t = g.op1('Transpose', [x!], { perm: [1, 0] });
    g.output('t', t);
    g.output('y1', g.op1('MatMul', [t, w!]));
    g.output('y2', g.op1('MatMul', [v!, t]));
  })),
  exactly(graph('transposes that do not swap the last two axes are not folded', [va([3, 2, 4]), va([4, 3]), vb([4, 2])], (g, [x, y, w]) => {
    g.output('a', g.op1('MatMul', [g.op1('Transpose', [x!], { perm: [1, 0, 2] }), w!]));
    g.output('b', g.op1('MatMul', [g.op1('Transpose', [y!]), w!]));
  })),
];

// ---- layout ----

const perms: number[][] = [];
const permute = (rest: number[], acc: number[]): void => {
  if (rest.length === 0) perms.push(acc);
  rest.forEach((p, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, p]));
};
permute([0, 1, 2, 3], []);

const END = 2147483647;
const sliceCases: [string, Partial<AttrsOf<'Slice'>>][] = [
  ['negative start to the end: x[:, -2:]', { starts: [-2], ends: [END], axes: [1] }],
  ['step 2: x[:, 0:6:2]', { starts: [0], ends: [6], axes: [-1], steps: [2] }],
  ['reverse: x[:, ::-1]', { starts: [-1], ends: [-END], axes: [1], steps: [-1] }],
  ['step -2: x[:, 5::-2]', { starts: [5], ends: [-100], axes: [1], steps: [-2] }],
  ['step -1 with an end: x[:, 4:1:-1]', { starts: [4], ends: [1], axes: [1], steps: [-1] }],
  ['clamped end, default axes: x[1:100]', { starts: [1], ends: [100] }],
  ['several axes, mixed steps: x[1::2, -1:0:-2]', { starts: [1, -1], ends: [100, 0], axes: [0, 1], steps: [2, -2] }],
  ['several axes, negative starts and ends: x[-3:-1, 1:-1:3]', { starts: [-3, 1], ends: [-1, -1], axes: [0, 1], steps: [1, 3] }],
  ['axes listed out of order', { starts: [-1, 1], ends: [0, 100], axes: [1, 0], steps: [-2, 2] }],
  ['empty result: x[:, 3:3]', { starts: [3], ends: [3], axes: [1] }],
  ['backward start below the range is clamped to 0', { starts: [-100], ends: [-200], axes: [1], steps: [-1] }],
  ['no slicing at all (starts [])', { starts: [], ends: [] }],
  ['the whole axis, step 1', { starts: [0], ends: [END], axes: [0] }],
];

const shapeCases: [string, Partial<AttrsOf<'Shape'>>][] = [
  ['all dims', {}], ['start 1', { start: 1 }], ['start -2', { start: -2 }], ['end -1', { end: -1 }],
  ['start 1, end 3', { start: 1, end: 3 }], ['clamped start -10, end 10', { start: -10, end: 10 }], ['empty: start 3, end 1', { start: 3, end: 1 }],
];

const triluX = seq([3, 4]);
const triluBits = B(Array.from({ length: 18 }, (_, i) => i % 3 !== 0), [2, 3, 3]);

const layout: Case[] = [
  one('Transpose default perm reverses the axes', 'Transpose', [arange([2, 3, 2])]),
  one('Transpose rank-4 perm', 'Transpose', [arange([2, 3, 2, 2])], { perm: [3, 1, 0, 2] }),
  one('Transpose int32 rank-4 perm', 'Transpose', [arange([2, 3, 2, 2], 'int32')], { perm: [1, 3, 2, 0] }),
  one('Transpose bool', 'Transpose', [B([true, false, false, true, true, true], [1, 2, 3, 1])], { perm: [3, 2, 0, 1] }),
  one('Transpose of a rank-0', 'Transpose', [F([4], [])]),
  ...perms.map((perm) => one(`Transpose (2,3,4,5) by [${perm.join(',')}]`, 'Transpose', [arange([2, 3, 4, 5])], { perm })),
  ...([[[0, -1], 'copy and infer'], [[-1, 0, 2], 'infer first'], [[0, 0, -1], 'same shape'], [[4, -1, 1], 'trailing 1'], [[24], 'flat']] as const)
    .map(([shape, name]) => one(`Reshape (2,3,4) to [${shape.join(',')}] (${name})`, 'Reshape', [arange([2, 3, 4])], { shape: [...shape] })),
  one('Reshape bool', 'Reshape', [B([true, false, true, true], [2, 2])], { shape: [-1] }),
  one('Reshape to rank 0', 'Reshape', [I([42], [1, 1])], { shape: [] }),
  one('Reshape with a symbolic dim', 'Reshape', [arange([3, 4])], { shape: [0, 2, 2] }, [f32('n', 4)]),
  ...([[0, -1], [1], [2, 0]] as const).map((axes) => one(`Unsqueeze axes [${axes.join(',')}]`, 'Unsqueeze', [arange([2, 3])], { axes: [...axes] })),
  one('Unsqueeze of an int32 rank-0', 'Unsqueeze', [I([5], [])], { axes: [0] }),
  one('Squeeze axes [0, -2]', 'Squeeze', [arange([1, 2, 1, 3], 'int32')], { axes: [0, -2] }),
  one('Squeeze axes [2]', 'Squeeze', [arange([1, 2, 1, 3], 'int32')], { axes: [2] }),
  one('Squeeze bool to rank 0', 'Squeeze', [B([true], [1, 1])], { axes: [0, 1] }),
  graph('Expand to the output of Shape, with a symbolic dim', [F([1, 2, 3], [3, 1]), B(Array<boolean>(24).fill(false), [2, 3, 4])],
    (g, [x, like]) => g.output('y', g.op1('Expand', [x!, g.op1('Shape', [like!])])), [f32(3, 1), { dtype: 'bool', shape: ['n', 3, 4] }]),
  graph('Expand to a Constant shape: more dims (int32), fewer dims (bool)', [I([1, 2, 3], [1, 3]), B([true, false, true], [3, 1])], (g, [a, c]) => {
    g.output('more', g.op1('Expand', [a!, g.ints([2, 1, 3])]));
    g.output('fewer', g.op1('Expand', [c!, g.ints([1, 4])]));
  }),
  graph('Expand to a sliced, gathered and concatenated Shape', [wave([2, 1, 3]), F(new Array<number>(40).fill(0), [5, 2, 4])], (g, [x, like]) => {
    const s = g.op1('Shape', [like!]);
    const dims = g.op1('Concat', [g.op1('Gather', [s, g.ints([-2])]), g.op1('Slice', [s], { starts: [0], ends: [1] }), g.ints([3])], { axis: 0 });
    g.output('y', g.op1('Expand', [x!, dims]));
  }),
  ...[1, -2].map((axis) => one(`Concat 3 inputs on axis ${axis}`, 'Concat', [seq([2, 1, 2]), seq([2, 2, 2], 10), seq([2, 3, 2], 100)], { axis })),
  one('Concat bool', 'Concat', [B([true, false], [2, 1]), B([false, true, true, true], [2, 2]), B([true, false], [2, 1])], { axis: 1 }),
  one('Concat int32 rows', 'Concat', [I([1, 2], [1, 2]), I([3, 4, 5, 6], [2, 2])], { axis: 0 }),
  one('Concat of one input', 'Concat', [seq([2, 2])], { axis: -1 }),
  ...sliceCases.map(([name, attrs]) => one(`Slice ${name}`, 'Slice', [arange([4, 6])], attrs)),
  one('Slice bool, step -2', 'Slice', [B([true, false, false, true], [4])], { starts: [3], ends: [0], steps: [-2] }),
  one('Slice int32, negative start and end', 'Slice', [I([1, 2, 3, 4, 5], [5])], { starts: [-4], ends: [-1] }),
  one('Slice a rank-3 on its last axis with step 2', 'Slice', [arange([2, 3, 5])], { starts: [1], ends: [END], axes: [-1], steps: [2] }),
  one('Gather axis 0 with negative indices', 'Gather', [arange([3, 4]), I([2, -1, 0], [3])]),
  one('Gather 2-D indices on axis 0', 'Gather', [arange([3, 4]), I([1, -3], [2, 1])]),
  one('Gather 2-D indices on axis 1', 'Gather', [arange([3, 4]), I([0, -1, 2, 1], [2, 2])], { axis: 1 }),
  one('Gather int32 on axis -2', 'Gather', [arange([2, 3, 4], 'int32'), I([2, 0, 1, -1], [2, 2])], { axis: -2 }),
  one('Gather bool with a rank-0 index', 'Gather', [B([true, false, true], [3]), I([-2], [])]),
  one('Gather with repeated indices on the last axis', 'Gather', [wave([2, 5]), I([4, 4, -5, 0], [4])], { axis: -1 }),
  ...shapeCases.map(([name, attrs]) => one(`Shape ${name}`, 'Shape', [B(Array<boolean>(120).fill(true), [2, 3, 4, 5])], attrs)),
  one('Shape of a rank-0', 'Shape', [F([1], [])]),
  ...([[true, 0], [false, 0], [true, 1], [false, 1], [true, -1], [false, -1], [true, 2], [false, -2], [true, 5], [false, -5]] as const)
    .map(([upper, k]) => one(`Trilu upper=${upper}, k=${k} as a graph input`, 'Trilu', [triluX, I([k], [])], { upper })),
  one('Trilu without k (lower)', 'Trilu', [triluX, undefined], { upper: false }),
  one('Trilu without k (upper)', 'Trilu', [triluX]),
  graph('Trilu with k from a Constant, batched input', [seq([2, 4, 3])], (g, [v]) => {
    g.output('u', g.op1('Trilu', [v!, g.scalar(-1, 'int32')]));
    g.output('l', g.op1('Trilu', [v!, g.scalar(1, 'int32')], { upper: false }));
  }),
  one('Trilu bool, k 1', 'Trilu', [triluBits, I([1], [])]),
  one('Trilu bool lower, k -1', 'Trilu', [triluBits, I([-1], [])], { upper: false }),
  one('Trilu int32, k -1', 'Trilu', [I(Array.from({ length: 12 }, (_, i) => i - 5), [3, 4]), I([-1], [])]),
];

// ---- Scan ----

const X = seq([2, 3, 2]);
const INIT = F([10, 20, 30, 40], [2, 2]);
const zeros = (shape: number[]): HostTensor => F(new Array<number>(size(shape)).fill(0), shape);

/** s' = s + x_t; emits s'. */
const sumBody = (t: TensorType): Graph =>
  body([['s', t], ['x', t]], (b, [s, x]) => {
    const next = b.op1('Add', [s!, x!]);
    return [['s_next', next], ['y', next]];
  });

/** A tanh RNN step with captured weights: h' = tanh(x_t W + h U + bias); emits h' and the pre-activation. */
function rnnScan(name: string, reverse: boolean): Case {
  return graph(name, [wave([2, 4, 3]), wave([3, 5], 1), wave([5, 5], 2), wave([5], 3), zeros([2, 5])], (b, [x, w, u, bias, h0]) => {
    const r = buildScan(b, {
      states: [{ name: 'h', value: h0! }],
      scanInputs: [{ name: 'x_t', value: x! }],
      captures: [w!, u!, bias!],
      reverse,
      step: (g, [h], [xt], [wc, uc, bc]) => {
        const pre = g.op1('Add', [g.op1('Add', [g.op1('MatMul', [xt!, wc!]), g.op1('MatMul', [h!, uc!])]), bc!]);
        const next = g.op1('Tanh', [pre]);
        return { states: [next], outputs: [next, pre] };
      },
    });
    b.output('h', r.states[0]!);
    b.output('hs', r.outputs[0]!);
    b.output('pre', r.outputs[1]!);
  });
}

const symbolicScan: Case = (() => {
  const c = graph('one compiled graph with a symbolic time runs several lengths', [INIT, X], (b, [s, x]) => {
    const [final, ys] = b.op('Scan', [s!, x!], { body: sumBody(f32('b', 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] });
    b.output('final', final!);
    b.output('ys', ys!);
  }, [f32('b', 2), f32('b', 't', 2)]);
  c.runs.push({ x0: INIT, x1: seq([2, 1, 2]) }, { x0: seq([3, 2]), x1: seq([3, 5, 2]) });
  return exactly(c);
})();

/** Sums of small integers: exact in float32. */
const integerScans: Case[] = [
  scan('Scan forward over axis 1', [INIT, X], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] }),
  scan('Scan scanInputDirections [1]', [INIT, X], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanInputDirections: [1], scanOutputAxes: [1] }),
  scan('Scan scanOutputDirections [1]', [INIT, X], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1], scanOutputDirections: [1] }),
  scan('Scan reverse input and prepended output', [INIT, X], {
    body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanInputDirections: [1], scanOutputAxes: [1], scanOutputDirections: [1],
  }),
  scan('Scan axis 0 of (3,2,2), stacked along axis 0', [zeros([2, 2]), seq([3, 2, 2])], { body: sumBody(f32(2, 2)), numScanInputs: 1 }),
  scan('Scan stacked along axis -1', [zeros([2, 2]), X], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [-1] }),
  scan('Scan negative scan input axis', [INIT, X], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [-2], scanOutputAxes: [1] }),
  scan('Scan of length 1', [INIT, seq([2, 1, 2])], { body: sumBody(f32(2, 2)), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1] }),
  symbolicScan,
  scan('Scan with two scan inputs: s += a_t * b_t', [zeros([2, 2]), X, F([1, 0, 2, 1, 0, 3, -1, 2, 1, 1, 2, 0], [2, 3, 2])], {
    body: body([['s', f32(2, 2)], ['a', f32(2, 2)], ['b', f32(2, 2)]], (b, [s, a, c]) => {
      const next = b.op1('Add', [s!, b.op1('Mul', [a!, c!])]);
      return [['s_next', next], ['y', next]];
    }),
    numScanInputs: 2, scanInputAxes: [1, 1], scanOutputAxes: [1],
  }),
  scan('Scan with two scan inputs of different axes and directions', [F([0], [1]), seq([3]), F([10, 20, 30], [1, 3])], {
    body: body([['s', f32(1)], ['a', f32()], ['b', f32(1)]], (b, [s, a, c]) => {
      const p = b.op1('Mul', [a!, c!]);
      return [['s_next', b.op1('Add', [s!, p])], ['y', p]];
    }),
    numScanInputs: 2, scanInputAxes: [0, 1], scanInputDirections: [0, 1],
  }),
  scan('Scan with float and int32 states and no scan output', [zeros([2, 2]), F([1, 1, 1, 1], [2, 2]), I([0], []), X], {
    body: body([['sum', f32(2, 2)], ['prod', f32(2, 2)], ['n', i32()], ['x', f32(2, 2)]], (b, [sum, prod, n, x]) => [
      ['sum_next', b.op1('Add', [sum!, x!])],
      ['prod_next', b.op1('Mul', [prod!, x!])],
      ['n_next', b.op1('Add', [n!, b.scalar(1, 'int32')])],
    ]),
    numScanInputs: 1, scanInputAxes: [1],
  }),
  scan('Scan with a captured weight: s += x_t @ W, two scan outputs on different axes', [zeros([2, 2]), X, F([1, 2, 3, 4], [2, 2])], {
    body: body([['s', f32(2, 2)], ['x', f32(2, 2)], ['W', f32(2, 2)]], (b, [s, x, w]) => {
      const xw = b.op1('MatMul', [x!, w!]);
      const next = b.op1('Add', [s!, xw]);
      return [['s_next', next], ['running', next], ['xw', xw]];
    }),
    numScanInputs: 1, numCaptures: 1, scanInputAxes: [1], scanOutputAxes: [1, 0],
  }),
  scan('Scan without states: a map over time', [X], {
    body: body([['x', f32(2, 2)]], (b, [x]) => [['y', b.op1('Mul', [x!, b.scalar(2)])]]), numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1],
  }),
  scan('Scan whose state passes through unchanged', [INIT, X], {
    body: body([['s', f32(2, 2)], ['x', f32(2, 2)]], (b, [s, x]) => [['s_next', s!], ['y', b.op1('Mul', [s!, x!])]]),
    numScanInputs: 1, scanInputAxes: [1], scanOutputAxes: [1],
  }),
  scan('Scan that emits a captured value', [X, F([2, 3], [2])], {
    body: body([['x', f32(2, 2)], ['c', f32(2)]], (b, [x, c]) => [['y', b.op1('Add', [x!, c!])], ['c_out', c!]]),
    numScanInputs: 1, numCaptures: 1, scanInputAxes: [1], scanOutputAxes: [1, 0],
  }),
  scan('nested Scan with a capture passed through', [F([0, 100], [2]), seq([2, 2, 3]), F([2], [])], {
    body: body([['tot', f32(2)], ['slice', f32(2, 3)], ['c', f32()]], (b, [tot, slice, c]) => {
      const inner = body([['s', f32(2)], ['v', f32(2)], ['c', f32()]], (g, [s, v, cc]) => {
        const next = g.op1('Add', [s!, g.op1('Mul', [v!, cc!])]);
        return [['s_next', next], ['y', next]];
      }, 'inner');
      const [final, ys] = b.op('Scan', [tot!, slice!, c!], { body: inner, numScanInputs: 1, numCaptures: 1, scanInputAxes: [1], scanOutputAxes: [1] });
      return [['tot_next', final!], ['ys', ys!]];
    }, 'outer'),
    numScanInputs: 1, numCaptures: 1, scanInputAxes: [1], scanOutputAxes: [1],
  }),
  graph('Scan via buildScan with a bool scan input and a Where in the body', [INIT, X, B([true, false, true, true, true, false], [2, 3])], (b, [s, x, keep]) => {
    const r = buildScan(b, {
      states: [{ name: 'acc', value: s! }],
      scanInputs: [{ name: 'x_t', value: x! }, { name: 'keep', value: keep! }],
      captures: [],
      step: (g, [acc], [xt, k]) => {
        const next = g.op1('Where', [g.op1('Unsqueeze', [k!], { axes: [1] }), g.op1('Add', [acc!, xt!]), acc!]);
        return { states: [next], outputs: [next] };
      },
    });
    b.output('final', r.states[0]!);
    b.output('ys', r.outputs[0]!);
  }),
];

const scans: Case[] = [
  ...integerScans.map(exactly),
  rnnScan('Scan via buildScan: tanh RNN forward with captured weights', false),
  rnnScan('Scan via buildScan: tanh RNN reverse with captured weights', true),
];

// ---- int32 beyond 2^24: exact and wrapping like numpy, never through float32 ----

/** Int32 values spread over the whole range (Knuth's multiplicative hash of 1, 2, ...), first few fixed extremes. */
const EXTREMES = [2147483647, -2147483648, -2147483647, 16777217, -16777217, 123456789, -5, 0];
const bigInts = (shape: number[], salt = 0): HostTensor =>
  I(Array.from({ length: size(shape) }, (_, i) => (salt === 0 && i < EXTREMES.length ? EXTREMES[i]! : Math.imul(i + 1 + salt, 2654435761))), shape);
/** Divisors: large ones, small ones of both signs, ±1 (never 0). */
const divisors = (n: number): HostTensor =>
  I(Array.from({ length: n }, (_, i) => [1, -1, 2, -3, 7, -65536, 65537, 16777217, -2147483648, 2147483647, 1000, -999][i % 12]!), [n]);
const bigA = bigInts([4, 6]);
const bigB = bigInts([4, 6], 7);

const bigInt32: Case[] = [
  ...(['Add', 'Sub', 'Mul', 'Max', 'Min', 'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual'] as const)
    .map((op) => one(`${op} int32 over the whole range`, op, [bigA, bigB])),
  one('Mul int32 broadcast against a large rank-0', 'Mul', [bigA, I([-1640531535], [])]),
  one('Div int32 over the whole range by assorted divisors', 'Div', [bigInts([2, 12]), divisors(12)]),
  one('Div int32 of -2^31 by -1 wraps', 'Div', [I([-2147483648, -2147483648, 2147483647], [3]), I([-1, 1, -1], [3])]),
  one('Div int32 of large values by large values', 'Div', [bigA, bigB]),
  one('Where int32 over the whole range', 'Where', [B(Array.from({ length: 24 }, (_, i) => i % 3 === 0), [4, 6]), bigA, bigB]),
  ...(['Neg', 'Abs', 'Relu', 'Identity'] as const).map((op) => one(`${op} int32 over the whole range`, op, [bigA])),
  one('Cast int32 -> float32 over the whole range', 'Cast', [bigA], { to: 'float32' }),
  one('Cast int32 -> bool over the whole range', 'Cast', [bigA], { to: 'bool' }),
  ...(['ReduceSum', 'ReduceMax'] as const).flatMap((op) => [
    one(`${op} int32 over the whole range, axes [1]`, op, [bigA], { axes: [1], keepdims: false }),
    one(`${op} int32 over the whole range, all axes`, op, [bigA]),
  ]),
  one('MatMul int32 over the whole range wraps', 'MatMul', [bigInts([2, 3, 4]), bigInts([4, 2], 3)]),
  one('MatMul int32 batch broadcasting over the whole range', 'MatMul', [bigInts([2, 1, 2, 3]), bigInts([3, 3, 2], 5)]),
  one('Transpose int32 over the whole range', 'Transpose', [bigInts([2, 3, 4])], { perm: [2, 0, 1] }),
  one('Reshape int32 over the whole range', 'Reshape', [bigA], { shape: [3, -1] }),
  one('Concat int32 over the whole range', 'Concat', [bigA, bigB], { axis: 1 }),
  one('Slice int32 over the whole range, step -2', 'Slice', [bigA], { starts: [-1], ends: [-END], axes: [1], steps: [-2] }),
  one('Gather int32 over the whole range', 'Gather', [bigA, I([-1, 0, 2], [3])], { axis: 1 }),
  graph('Expand int32 over the whole range', [bigInts([1, 6])], (g, [x]) => g.output('y', g.op1('Expand', [x!, g.ints([3, 1, 6])]))),
  one('Trilu int32 over the whole range', 'Trilu', [bigA, I([1], [])]),
  graph('Constant int32 extremes', [], (g) => g.output('y', g.constant(bigInts([8])))),
];

const GROUPS: [string, Case[]][] = [
  ['elementwise', elementwise],
  ['unary and Cast', unary],
  ['Softmax and reductions', reductions],
  ['sources', [...constants, dropoutIdentity]],
  ['MatMul and Transpose folding', matmul],
  ['layout', layout],
  ['int32 beyond 2^24', bigInt32],
  ['Scan', scans],
];

// ---- running and comparing ----

async function runAll(be: Backend, c: Case): Promise<Record<string, HostTensor>[]> {
  const compiled = await be.compile(c.graph);
  try {
    const outs: Record<string, HostTensor>[] = [];
    for (const feeds of c.runs) outs.push(await compiled.run(feeds, {}));
    return outs;
  } finally {
    compiled.dispose();
  }
}

/** The reference outputs of each case, computed once and shared by both tfjs runtimes. */
const refOutputs = new Map<Case, Promise<Record<string, HostTensor>[]>>();
function reference(c: Case): Promise<Record<string, HostTensor>[]> {
  let p = refOutputs.get(c);
  if (!p) {
    p = runAll(refBackend, c);
    refOutputs.set(c, p);
  }
  return p;
}

function expectParity(label: string, got: HostTensor | undefined, want: HostTensor, exact: boolean): void {
  expect(got, label).toBeDefined();
  expect(got!.dtype, `${label}: dtype`).toBe(want.dtype);
  expect(got!.shape, `${label}: shape`).toEqual(want.shape);
  expect(got!.data.length, `${label}: size`).toBe(want.data.length);
  const bad: string[] = [];
  for (let i = 0; i < want.data.length; i++) {
    const a = got!.data[i]!;
    const e = want.data[i]!;
    let ok: boolean;
    if (want.dtype !== 'float32') ok = a === e;
    else if (Number.isNaN(e)) ok = Number.isNaN(a);
    else if (!Number.isFinite(e) || exact) ok = a === e;
    else ok = Math.abs(a - e) <= FLOAT_RTOL * Math.max(1, Math.abs(e));
    if (!ok) bad.push(`[${i}] tfjs ${a}, ref ${e}`);
  }
  expect(bad.slice(0, 8), `${label}: ${bad.length} of ${want.data.length} values differ`).toEqual([]);
}

describe('op coverage', () => {
  it('every op in OPS has a parity case', () => {
    const covered = new Set<OpName>();
    for (const [, cases] of GROUPS) for (const c of cases) opsOf(c.graph, covered);
    expect(OP_NAMES.filter((op) => !covered.has(op)), 'ops in OPS without a parity case').toEqual([]);
  });
  it('case names are unique', () => {
    const names = GROUPS.flatMap(([, cases]) => cases.map((c) => c.name));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});

describe.each([cpuBackend, wasmBackend])('$name matches the reference engine', (be: Backend) => {
  describe.each(GROUPS)('%s', (_group, cases) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const want = await reference(c);
      const got = await runAll(be, c);
      want.forEach((w, r) => {
        for (const o of c.graph.outputs) expectParity(`run ${r}, output '${o.name}'`, got[r]![o.name], w[o.name]!, c.exact);
      });
    });
  });

  it('rejects an out-of-range Gather index at run time, like the reference engine', async () => {
    const c = one('Gather out of range', 'Gather', [arange([3, 4]), I([0, 4], [2])], { axis: 1 });
    const message = /t_Gather: node 'Gather_0' \(Gather\): index 4 is out of range for axis 1 of size 4/;
    await expect(runAll(refBackend, c)).rejects.toThrow(message);
    await expect(runAll(be, c)).rejects.toThrow(message);
  });

  it('Max and Min stay differentiable (their NaN selects add no op without a gradient)', async () => {
    await useRuntime(be === wasmBackend ? 'wasm' : 'cpu');
    // No ties, so tfjs's tie convention does not matter: d max / d a = [a > b], d max / d b = [b > a].
    const a = [1, 5, -2];
    const b = [3, 4, 2];
    for (const [op, wantA, wantB] of [['Max', [0, 1, 0], [1, 0, 1]], ['Min', [1, 0, 1], [0, 1, 0]]] as const) {
      const g = one(op, op, [F(a, [3]), F(b, [3])]).graph;
      const [ga, gb] = tf.tidy(() => {
        const grads = tf.grads((x: Tensor, y: Tensor) => tf.sum(runGraph(g, new Map([['x0', x], ['x1', y]]), false)[0]!));
        return grads([tf.tensor1d(a), tf.tensor1d(b)]).map((t) => Array.from(t.dataSync()));
      });
      expect([ga, gb], op).toEqual([wantA, wantB]);
    }
  });

  describe('Dropout', () => {
    const n = 100_000;
    // x = 1 + (i mod 7): a kept value shows which input it came from.
    const x = F(Array.from({ length: n }, (_, i) => 1 + (i % 7)), [n]);
    const dropoutGraph = (ratio: number): Graph => one('Dropout', 'Dropout', [x], { ratio, seed: 7 }).graph;
    /** Indices where y differs from x (a loop: a deep equality of 100k values is slow). */
    const changed = (y: HostTensor): number[] => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) if (y.data[i] !== x.data[i]) out.push(i);
      return out;
    };
    const runOnce = async (ratio: number, training: boolean | undefined): Promise<HostTensor> => {
      const c = await be.compile(dropoutGraph(ratio), training === undefined ? {} : { training });
      try {
        return (await c.run({ x0: x }, {}))['y']!;
      } finally {
        c.dispose();
      }
    };

    it('is the identity when compiled without training', async () => {
      for (const training of [undefined, false]) {
        const y = await runOnce(0.3, training);
        expect(y.dtype).toBe('float32');
        expect(y.shape).toEqual([n]);
        expect(changed(y)).toEqual([]);
      }
    });

    it('in training with ratio 0.3 zeroes ~30% of 100k elements and scales the rest to x / 0.7', async () => {
      const y = await runOnce(0.3, true);
      expect(y.shape).toEqual([n]);
      let zeros = 0;
      const badKept: string[] = [];
      y.data.forEach((v, i) => {
        if (v === 0) zeros++;
        // x * (1 / 0.7) in float32: within a few ulp of x / 0.7.
        else if (!(Math.abs(v - x.data[i]! / 0.7) <= 1e-6 * (x.data[i]! / 0.7))) badKept.push(`[${i}] ${v} for x = ${x.data[i]}`);
      });
      // The count of zeros is Binomial(1e5, 0.3): standard deviation 145 (0.0015 of n), so 0.01 is ~7 sigma.
      expect(Math.abs(zeros / n - 0.3)).toBeLessThan(0.01);
      expect(badKept.slice(0, 5)).toEqual([]);
    });

    it('ratio 0 in training keeps everything', async () => {
      expect(changed(await runOnce(0, true))).toEqual([]);
    });
  });
});
