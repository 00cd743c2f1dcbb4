export { LAYERS, defaultTargets, runConformance, describeCase, graphOf, weightsOf, MATCHES_REF, GRADIENT_MATCHES_REF } from './runner.js';
export { GRADIENT_ENGINES, tfjsGradient, type GradientEngine } from './gradients/tfjs-gradient.js';
export { gradientCheck, type GradientCase } from './gradients/gradient-check.js';
export { differenceGraph, STEP } from './gradients/central-difference.js';
export type { Target, Failure, CellResult, ConformanceOptions, LayerCase } from './types.js';
export { ARBITRARIES } from './arbitraries/index.js';
export { LAWS, type Law } from './laws.js';
export { RTOL, KAPPA_CAP, compareOutputs } from './compare.js';
export { referenceRun, type ReferenceRun } from './reference-run.js';
export { instrumentLogits, logitMatMuls, measureSensitivity } from './softmax-sensitivity.js';
export { LAYER_FACTS, type LayerFacts, type AttentionFacts, type LawId, type CaseKey, type MaskIndex } from './facts.js';
export {
  graphCaseArb,
  graphUnderTestFromJSON,
  parseDimRange,
  specialize,
  symbolicDims,
  type GraphUnderTest,
  type GraphCase,
} from './graph-cases.js';
export { FAULTS, faultBackend, type Fault } from './faults/catalogue.js';
