import type { Graph } from '../graph/types.js';
import type { HostTensor } from '../types.js';
import { generate } from './initializers.js';
import { Random, hashString } from './random.js';

export interface InitWeightsOptions {
  /** Same seed, same weights, on every machine. Default 0. */
  seed?: number;
}

/**
 * Fresh weights for every param of `graph`, from each param's initializer. Each weight draws from its own
 * stream seeded by (seed, weight name), so adding a weight never changes the others.
 */
export function initWeights(graph: Graph, options: InitWeightsOptions = {}): Record<string, HostTensor> {
  const seed = options.seed ?? 0;
  const out: Record<string, HostTensor> = {};
  for (const p of graph.params) {
    const shape = p.type.shape.map(Number);
    const rng = new Random(seed, hashString(p.name));
    const values = generate(p.init, shape, rng, `initWeights: weight '${p.name}'`);
    out[p.name] =
      p.type.dtype === 'float32'
        ? { dtype: 'float32', shape, data: values }
        : {
            dtype: p.type.dtype,
            shape,
            data: p.type.dtype === 'int32' ? Int32Array.from(values) : Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0)),
          };
  }
  return out;
}
