/**
 * An op case: a small graph testing one op (helper nodes allowed), the feeds of one or more runs of one
 * compilation, and what each run must give: values derived by hand or with numpy where given, else the
 * reference engine's outputs (the oracle for the other backends), or an error.
 */
import {
  GraphBuilder,
  type AttrsOf,
  type DType,
  type Graph,
  type HostTensor,
  type OpName,
  type TensorType,
  type Value,
} from '@layerspec/spec';
import { typeOf } from '../tensors.js';

export interface ExpectedTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: readonly (number | boolean)[];
}

export interface OpCase {
  readonly name: string;
  /** The op under test; the graph may use others around it. */
  readonly op: OpName;
  readonly graph: Graph;
  /** Feeds of successive runs of one compiled graph (usually one). */
  readonly runs: readonly Record<string, HostTensor>[];
  /**
   * Per run, values of some outputs (numpy float64 or by hand). Outputs not listed are compared with the
   * reference engine's.
   */
  readonly expected?: readonly Record<string, ExpectedTensor>[];
  /**
   * Float tolerance, |got - want| <= tol * max(1, |want|); 0 compares exactly. Absent: the backend's
   * default (see targets.ts).
   */
  readonly tol?: number;
  /** Every run must fail with this message. */
  readonly error?: RegExp;
}

/** Ops whose float32 result is the exact one: data movement, selection, comparison, sign. */
const EXACT_OPS: ReadonlySet<OpName> = new Set<OpName>([
  'Identity',
  'Neg',
  'Abs',
  'Relu',
  'Max',
  'Min',
  'ReduceMax',
  'Where',
  'Cast',
  'Not',
  'And',
  'Or',
  'Xor',
  'Equal',
  'Less',
  'LessOrEqual',
  'Greater',
  'GreaterOrEqual',
  'Transpose',
  'Reshape',
  'Unsqueeze',
  'Squeeze',
  'Expand',
  'Concat',
  'Slice',
  'Gather',
  'Shape',
  'Trilu',
  'Constant',
  'Dropout',
  'Scan',
]);

/** Every op a graph uses, Scan bodies included. */
export function opsOf(g: Graph, into = new Set<OpName>()): Set<OpName> {
  for (const node of g.nodes) {
    into.add(node.op);
    if (node.op === 'Scan') opsOf(node.attrs.body, into);
  }
  return into;
}

/** A case over graph inputs x0, x1, ...; exact when the graph only moves, selects or compares values. */
function makeCase(name: string, op: OpName, g: Graph, feeds: Record<string, HostTensor>): OpCase {
  const exact = [...opsOf(g)].every((o) => EXACT_OPS.has(o));
  return { name, op, graph: g, runs: [feeds], ...(exact ? { tol: 0 } : {}) };
}

/** One `op` node over graph inputs x0, x1, ... (undefined = omitted optional input; `types` may make dims symbolic); output y. */
export function one<K extends OpName>(
  name: string,
  op: K,
  inputs: readonly (HostTensor | undefined)[],
  attrs: Partial<AttrsOf<K>> = {},
  types?: readonly (TensorType | undefined)[],
): OpCase {
  const b = new GraphBuilder(`t_${op}`);
  const values = inputs.map((t, i) => (t ? b.input(`x${i}`, types?.[i] ?? typeOf(t)) : undefined));
  b.output('y', b.op1(op, values, attrs));
  const feeds: Record<string, HostTensor> = {};
  inputs.forEach((t, i) => t && (feeds[`x${i}`] = t));
  return makeCase(name, op, b.build(), feeds);
}

/** A graph written by `build` over inputs x0, x1, ... typed like `inputs` (or by `types`), testing `op`. */
export function graph(
  name: string,
  op: OpName,
  inputs: readonly HostTensor[],
  build: (b: GraphBuilder, xs: Value[]) => void,
  types?: readonly TensorType[],
): OpCase {
  const b = new GraphBuilder(`t_${op}`);
  build(
    b,
    inputs.map((t, i) => b.input(`x${i}`, types?.[i] ?? typeOf(t))),
  );
  const feeds: Record<string, HostTensor> = {};
  inputs.forEach((t, i) => (feeds[`x${i}`] = t));
  return makeCase(name, op, b.build(), feeds);
}

/** The case with output `y` (or the named outputs) of its single run expected to be these values. */
export function want(c: OpCase, dtype: DType, shape: number[], data: readonly (number | boolean)[]): OpCase {
  return { ...c, expected: [{ y: { dtype, shape, data } }] };
}

/** The case with these outputs expected, per run. */
export function wantRuns(c: OpCase, runs: Record<string, ExpectedTensor>[]): OpCase {
  return { ...c, expected: runs };
}

/** Marks a case whose float values are exact in float32 (small integers, quarters). */
export const exactly = (c: OpCase): OpCase => ({ ...c, tol: 0 });

/** Sets a float tolerance. */
export const within = (tol: number, c: OpCase): OpCase => ({ ...c, tol });

/** Expects every run of the case to fail with `error`. */
export const failing = (c: OpCase, error: RegExp): OpCase => ({ ...c, error });

/** A Scan body: inputs in order (states, slices, captures), outputs in order (next states, slices). */
export function body(inputs: [string, TensorType][], step: (b: GraphBuilder, ins: Value[]) => [string, Value][], name = 'body'): Graph {
  const b = new GraphBuilder(name);
  const values = inputs.map(([n, t]) => b.input(n, t));
  for (const [n, v] of step(b, values)) b.output(n, v);
  return b.build();
}

/** One Scan node over inputs x0, x1, ...; outputs y0, y1, ... */
export function scan(name: string, inputs: readonly HostTensor[], attrs: Partial<AttrsOf<'Scan'>>, types?: readonly TensorType[]): OpCase {
  return graph(name, 'Scan', inputs, (b, xs) => b.op('Scan', xs, attrs).forEach((v, i) => b.output(`y${i}`, v)), types);
}
