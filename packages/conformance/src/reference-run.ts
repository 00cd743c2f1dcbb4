/** The reference outputs of a case and the condition number kappa its comparison is judged with. */
import { getBackend, type Graph, type HostTensor } from '@layerspec/spec';
import '@layerspec/backend-ref';
import { aPrioriLogitCondition, logitBound, measuredLogitCondition, normalizationCondition } from './compare.js';
import { instrumentLogits, measureSensitivity } from './softmax-sensitivity.js';
import type { LayerCase } from './types.js';

export interface ReferenceRun {
  reference: Record<string, HostTensor>;
  kappa: number;
}

/**
 * Runs `graph` on the reference engine, instrumented to measure how far float32 logit rounding may
 * move its outputs (softmax-sensitivity.ts). `layerCase`, when the graph is a layer's, adds the
 * layer's own terms: the a-priori logit bound where no logit could be measured, and the normalization
 * condition.
 */
export async function referenceRun(
  graph: Graph,
  inputs: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
  seed: number,
  layerCase?: LayerCase,
): Promise<ReferenceRun> {
  const instrumented = instrumentLogits(graph);
  const compiled = await getBackend('ref').compile(instrumented.graph);
  try {
    const s = await measureSensitivity(instrumented, compiled, inputs, weights, seed);
    let kappa = measuredLogitCondition(s.reference, s.allowance);
    if (layerCase) {
      if (!s.measured) kappa = Math.max(kappa, aPrioriLogitCondition(logitBound(layerCase, weights)));
      kappa = Math.max(kappa, normalizationCondition(layerCase));
    }
    return { reference: s.reference, kappa };
  } finally {
    compiled.dispose();
  }
}
