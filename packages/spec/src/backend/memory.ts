import { LayerspecError } from '../errors.js';
import type { Schedule } from '../graph/schedule.js';
import type { Graph } from '../graph/types.js';
import { formatShape } from '../tensor.js';
import type { DType } from '../types.js';
import type { ConcreteTypes } from './concrete.js';

/** How a backend stores one element of each dtype (the reference engine keeps floats as float64). */
export type BytesPerElement = Readonly<Record<DType, number>>;

export const TYPED_BYTES: BytesPerElement = { float32: 4, int32: 4, bool: 1 };

export interface MemoryEstimate {
  /** The most bytes of graph values alive at once: inputs, weights, intermediates, outputs. */
  peakBytes: number;
  /** The node after which the peak is reached ('' when the inputs and weights alone are the peak). */
  peakAt: string;
  /** The largest single value: its name, shape and bytes. */
  largest: { name: string; shape: readonly (number | string)[]; bytes: number };
}

/**
 * The bytes a run will hold, from the bound shapes and the schedule's release points. A dim no input
 * binds (one read from data at run time) counts as 1. Scan bodies' per-step values are not counted:
 * they are one step's slice of the values counted here.
 */
export function estimateMemory(schedule: Schedule, graph: Graph, types: ConcreteTypes, bytes: BytesPerElement): MemoryEstimate {
  const sizeOf = (name: string): number => {
    const t = types.get(name);
    if (!t) return 0;
    let n = bytes[t.dtype];
    for (const d of t.shape) n *= typeof d === 'number' ? d : 1;
    return n;
  };
  let largest: MemoryEstimate['largest'] = { name: '', shape: [], bytes: 0 };
  const consider = (name: string, n: number): void => {
    if (n > largest.bytes) largest = { name, shape: types.get(name)!.shape, bytes: n };
  };
  let live = 0;
  for (const v of [...graph.inputs, ...graph.params]) {
    const n = sizeOf(v.name);
    live += n;
    consider(v.name, n);
  }
  let peakBytes = live;
  let peakAt = '';
  for (const s of schedule.nodes) {
    for (const o of s.node.outputs) {
      const n = sizeOf(o);
      live += n;
      consider(o, n);
    }
    if (live > peakBytes) {
      peakBytes = live;
      peakAt = s.node.name;
    }
    for (const r of s.release) live -= sizeOf(r);
  }
  return { peakBytes, peakAt, largest };
}

const GIB = 1024 ** 3;

export function formatBytes(n: number): string {
  if (n >= GIB) return `${(n / GIB).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

/** Throws, before anything runs, when the estimated peak exceeds `limitBytes`. */
export function checkMemory(graph: Graph, estimate: MemoryEstimate, limitBytes: number): void {
  if (estimate.peakBytes <= limitBytes) return;
  const { largest } = estimate;
  const at = estimate.peakAt ? `after node '${estimate.peakAt}'` : 'for its inputs and weights';
  throw new LayerspecError(
    graph.name,
    `this run would hold about ${formatBytes(estimate.peakBytes)} (${estimate.peakBytes} bytes) of tensors ${at}, over the ` +
      `memory limit of ${formatBytes(limitBytes)} (${limitBytes} bytes; the compile option memoryLimitBytes sets it); ` +
      `its largest tensor is '${largest.name}' of shape ${formatShape(largest.shape)}, ${formatBytes(largest.bytes)} (${largest.bytes} bytes)`,
  );
}
