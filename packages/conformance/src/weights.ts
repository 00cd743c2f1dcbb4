import { Random, initWeights, type Graph, type HostTensor } from '@layerspec/spec';

/**
 * A case's weights: the graph's own initializers (seeded), plus N(0, 0.1^2) noise on every float
 * weight, so that zero biases and unit gammas do not hide a dropped or misplaced term.
 */
export function weightsOf(graph: Graph, seed: number): Record<string, HostTensor> {
  const weights = initWeights(graph, { seed });
  const rng = new Random(seed, 7);
  for (const w of Object.values(weights)) {
    if (w.dtype !== 'float32') continue;
    for (let i = 0; i < w.data.length; i++) w.data[i] = w.data[i]! + 0.1 * rng.normal();
  }
  return weights;
}
