import { LayerspecError, formatShape, outputValue, scheduleGraph, type ConcreteTypes, type Graph, type Schedule } from '@layerspec/spec';
import { emptyResults } from './empty-results.js';
import { matmul } from './kernels/matmul.js';
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

/**
 * Runs a graph eagerly on the active tfjs backend, so that a caller's `tidy` or gradient tape sees
 * every op. `env` holds the graph inputs and weights; intermediates are disposed after their last use
 * (never a tensor of `env` given by the caller). Returns the graph outputs in order. With `bound` (the
 * types at the bound sizes, from `bindRunTypes`), nodes with nothing to compute run no kernel.
 */
export function runGraph(graph: Graph, env: Map<string, Tensor>, training: boolean, bound?: ConcreteTypes): Tensor[] {
  const { nodes, types } = scheduleOf(graph);
  const owned = new Set<Tensor>();
  const ctx: Omit<TfContext, 'where'> = {
    training,
    runGraph: (sub, inputs) => {
      const subEnv = new Map<string, Tensor>();
      sub.inputs.forEach((v, i) => subEnv.set(v.name, inputs[i]!));
      return runGraph(sub, subEnv, training);
    },
  };
  for (const s of nodes) {
    const where = `${graph.name}: node '${s.node.name}' (${s.node.op})`;
    const ins = s.inputs.map((name) => (name === '' ? undefined : env.get(name)));
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
    s.node.outputs.forEach((name, i) => {
      const t = outs[i]!;
      const type = types.get(name)!;
      if (t.dtype !== type.dtype || t.rank !== type.shape.length || type.shape.some((d, j) => typeof d === 'number' && d !== t.shape[j])) {
        throw new LayerspecError(where, `computed ${t.dtype}${formatShape(t.shape)}, inferred ${type.dtype}${formatShape(type.shape)}`);
      }
      env.set(name, t);
      owned.add(t);
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
  return graph.outputs.map((o) => env.get(outputValue(o))!);
}
