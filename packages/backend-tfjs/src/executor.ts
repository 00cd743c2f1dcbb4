import { LayerspecError, formatShape, outputValue, scheduleGraph, type ConcreteTypes, type Graph, type Schedule } from '@layerspec/spec';
import { emptyResults } from './empty-results.js';
import { matmul } from './kernels/matmul.js';
import { readHostInputs } from './kernels/host-ints.js';
import { scanAsync } from './kernels/scan-async.js';
import { TF_KERNELS } from './kernels/table.js';
import type { TfContext, TfKernelFn } from './kernels/types.js';
import { tf, type Tensor } from './tf.js';

const schedules = new WeakMap<Graph, Schedule>();

function scheduleOf(graph: Graph): Schedule {
  let s = schedules.get(graph);
  if (!s) {
    s = scheduleGraph(graph);
    schedules.set(graph, s);
  }
  return s;
}

type Step = Schedule['nodes'][number];
type Ctx = Omit<TfContext, 'where'>;

/** Runs one scheduled node's kernel on `ins` and checks what it computed against the inferred types. */
function runNode(
  graphName: string,
  s: Step,
  types: Schedule['types'],
  ins: (Tensor | undefined)[],
  ctx: Ctx,
  bound?: ConcreteTypes,
): Tensor[] {
  const where = `${graphName}: node '${s.node.name}' (${s.node.op})`;
  let outs: Tensor[];
  const empty = emptyResults(s, ins, bound);
  if (empty) {
    outs = empty;
  } else if (s.node.op === 'Transpose' && ins[0]!.size === 0) {
    // The wasm runtime's Transpose divides by zero on an empty tensor; an empty result has no values to move.
    const shape = s.node.attrs.perm.map((axis) => ins[0]!.shape[axis]!);
    outs = [tf.zeros(shape, ins[0]!.dtype)];
  } else if (s.node.op === 'MatMul') {
    outs = [matmul(ins[0]!, ins[1]!, s.transposed[0] ?? false, s.transposed[1] ?? false, where)];
  } else {
    const kernel = TF_KERNELS[s.node.op] as TfKernelFn<typeof s.node.attrs>;
    outs = kernel(ins, s.node.attrs, { ...ctx, where });
  }
  checkOutputs(where, s, types, outs);
  return outs;
}

/** Throws when a node computed outputs of other dtypes or shapes than the inferred ones. */
function checkOutputs(where: string, s: Step, types: Schedule['types'], outs: readonly Tensor[]): void {
  s.node.outputs.forEach((name, i) => {
    const t = outs[i]!;
    const type = types.get(name)!;
    if (t.dtype !== type.dtype || t.rank !== type.shape.length || type.shape.some((d, j) => typeof d === 'number' && d !== t.shape[j])) {
      throw new LayerspecError(where, `computed ${t.dtype}${formatShape(t.shape)}, inferred ${type.dtype}${formatShape(type.shape)}`);
    }
  });
}

/** Stores a node's outputs in `env`, then disposes the values the schedule says are no longer needed. */
function store(s: Step, outs: Tensor[], env: Map<string, Tensor>, owned: Set<Tensor>): void {
  s.node.outputs.forEach((name, i) => {
    env.set(name, outs[i]!);
    owned.add(outs[i]!);
  });
  for (const name of s.release) {
    const t = env.get(name);
    if (t && owned.has(t)) {
      t.dispose();
      owned.delete(t);
    }
    env.delete(name);
  }
}

/** The environment of a body graph (a Scan step): its inputs bound to `inputs` in order. */
function bodyEnv(body: Graph, inputs: readonly Tensor[]): Map<string, Tensor> {
  return new Map(body.inputs.map((v, i) => [v.name, inputs[i]!]));
}

function contextOf(training: boolean): Ctx {
  return { training, runGraph: (sub, inputs) => runGraph(sub, bodyEnv(sub, inputs), training) };
}

const inputsOf = (s: Step, env: Map<string, Tensor>): (Tensor | undefined)[] =>
  s.inputs.map((name) => (name === '' ? undefined : env.get(name)));

/**
 * Runs a graph eagerly on the active tfjs backend, so that a caller's `tidy` or gradient tape sees
 * every op. `env` holds the graph inputs and weights; intermediates are disposed after their last use
 * (never a tensor of `env` given by the caller). Returns the graph outputs in order. With `bound` (the
 * types at the bound sizes, from `bindRunTypes`), nodes with nothing to compute run no kernel.
 */
export function runGraph(graph: Graph, env: Map<string, Tensor>, training: boolean, bound?: ConcreteTypes): Tensor[] {
  const { nodes, types } = scheduleOf(graph);
  const owned = new Set<Tensor>();
  const ctx = contextOf(training);
  for (const s of nodes) store(s, runNode(graph.name, s, types, inputsOf(s, env), ctx, bound), env, owned);
  return graph.outputs.map((o) => env.get(outputValue(o))!);
}

/**
 * One node of `runGraphAsync`: a kernel inside its own `tidy`, except a Scan with steps to run, whose body
 * runs through `runGraphAsync` at each step (kernels/scan-async.ts) and which frees its own temporaries.
 */
async function runNodeAsync(
  graphName: string,
  s: Step,
  types: Schedule['types'],
  ins: (Tensor | undefined)[],
  ctx: Ctx,
  bound?: ConcreteTypes,
): Promise<Tensor[]> {
  if (s.node.op !== 'Scan') return tf.tidy(() => runNode(graphName, s, types, ins, ctx, bound));
  const where = `${graphName}: node '${s.node.name}' (${s.node.op})`;
  const outs =
    emptyResults(s, ins, bound) ??
    (await scanAsync(ins, s.node.attrs, where, (body, inputs) => runGraphAsync(body, bodyEnv(body, inputs), ctx.training)));
  try {
    checkOutputs(where, s, types, outs);
  } catch (e) {
    for (const t of outs) t.dispose();
    throw e;
  }
  return outs;
}

/**
 * `runGraph` for a run outside any tape, reading the inputs kernels need on the host (kernels/host-ints.ts)
 * asynchronously before each kernel, as WebGPU needs, also inside Scan bodies; each kernel's temporaries
 * are freed by its own `tidy` (a Scan's by its loop), and on a failure every intermediate is disposed.
 */
export async function runGraphAsync(graph: Graph, env: Map<string, Tensor>, training: boolean, bound?: ConcreteTypes): Promise<Tensor[]> {
  const { nodes, types } = scheduleOf(graph);
  const owned = new Set<Tensor>();
  const ctx = contextOf(training);
  try {
    for (const s of nodes) {
      const ins = inputsOf(s, env);
      await readHostInputs(s.node.op, ins);
      store(s, await runNodeAsync(graph.name, s, types, ins, ctx, bound), env, owned);
    }
  } catch (e) {
    for (const t of owned) t.dispose();
    throw e;
  }
  return graph.outputs.map((o) => env.get(outputValue(o))!);
}
