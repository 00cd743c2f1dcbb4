/**
 * runConformance: every (layer, target, check) cell as a fast-check property. The 'matches ref' check
 * runs each generated case on the reference engine and on the target and compares them (compare.ts);
 * the law checks (laws.ts) run on the target alone.
 */
import fc from 'fast-check';
import {
  Random, createLayer, getBackend, initWeights, isLayerName, layerClassNames, type Compiled, type Graph, type HostTensor, type LayerName,
} from '@layerspec/spec';
import '@layerspec/backend-ref';
import { ARBITRARIES } from './arbitraries/index.js';
import { RTOL, compareOutputs, type Comparison } from './compare.js';
import { referenceRun } from './reference-run.js';
import { gradientCheck } from './gradients/gradient-check.js';
import { hasGradientGap } from './gradients/known-gaps.js';
import { GRADIENT_ENGINES, type GradientEngine } from './gradients/tfjs-gradient.js';
import { LAYER_FACTS } from './facts.js';
import { LAWS, type Law } from './laws.js';
import type { CellResult, ConformanceOptions, LayerCase, Target } from './types.js';

/** Every layer of the layer table: each has an arbitrary and its facts. */
export const LAYERS: readonly string[] = layerClassNames();

export const MATCHES_REF = 'matches ref';
export const GRADIENT_MATCHES_REF = 'gradient matches ref';

/** Every registered backend except 'ref'; the ONNX ones at opsets 17 and 23. */
export function defaultTargets(registered: readonly string[]): Target[] {
  return registered
    .filter((name) => name !== 'ref')
    .flatMap((backend): Target[] =>
      backend.startsWith('onnx')
        ? [17, 23].map((opset) => ({ name: `${backend}@${opset}`, backend, compileOptions: { opset } }))
        : [{ name: backend, backend }],
    );
}

export function graphOf(c: LayerCase): Graph {
  return createLayer(c.layer, c.config).build(c.inputTypes, c.buildOptions);
}

/**
 * The case's weights: the layer's own initializers (seeded), plus N(0, 0.1^2) noise on every float
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

async function withCompiled<T>(backendName: string, graph: Graph, options: object | undefined, f: (c: Compiled) => Promise<T>): Promise<T> {
  const compiled = await getBackend(backendName).compile(graph, options);
  try {
    return await f(compiled);
  } finally {
    compiled.dispose();
  }
}

async function differential(c: LayerCase, target: Target): Promise<Comparison> {
  const graph = graphOf(c);
  const weights = weightsOf(graph, c.weightSeed);
  const { reference, kappa } = await referenceRun(graph, c.inputs, weights, c.weightSeed, c);
  const actual = await withCompiled(target.backend, graph, target.compileOptions, (g) => g.run(c.inputs, weights));
  return compareOutputs(reference, actual, kappa);
}

async function gradient(c: LayerCase, engine: GradientEngine): Promise<Comparison> {
  const graph = graphOf(c);
  const weights = weightsOf(graph, c.weightSeed);
  const { reference, kappa } = await referenceRun(graph, c.inputs, weights, c.weightSeed, c);
  return gradientCheck({ graph, inputs: c.inputs, weights, seed: c.weightSeed, kappa, outputs: reference }, engine);
}

async function lawCheck(law: Law, c: LayerCase, target: Target): Promise<Comparison> {
  const graph = graphOf(c);
  const weights = weightsOf(graph, c.weightSeed);
  const { kappa } = law.needsKappa ? await referenceRun(graph, c.inputs, weights, c.weightSeed, c) : { kappa: 1 };
  return withCompiled(target.backend, graph, target.compileOptions, (g) => law.check(c, (inputs) => g.run(inputs, weights), kappa));
}

class CheckFailed extends Error {}

/** A short JSON of the case: its recipe (shapes, flags, seeds) plus the layer config actually built. */
export function describeCase(c: LayerCase): string {
  return JSON.stringify({ layer: c.layer, config: c.config, buildOptions: c.buildOptions, recipe: c.recipe });
}

async function runCell(
  layer: string,
  target: Target,
  check: string,
  arb: fc.Arbitrary<LayerCase>,
  evaluate: (c: LayerCase) => Promise<Comparison>,
  options: ConformanceOptions,
  tolerance = RTOL,
): Promise<CellResult> {
  let maxError = 0;
  let maxKappa = 1;
  let maxRawError = 0;
  const property = fc.asyncProperty(arb, async (c) => {
    const { error, detail, kappa, rawError } = await evaluate(c);
    if (!(error <= tolerance)) throw new CheckFailed(detail);
    maxError = Math.max(maxError, error);
    maxKappa = Math.max(maxKappa, kappa ?? 1);
    maxRawError = Math.max(maxRawError, rawError ?? error);
  });
  const details = await fc.check(property, {
    numRuns: options.runs,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path !== undefined ? { path: options.path } : {}),
    endOnFailure: false,
  });
  const result: CellResult = { layer, target: target.name, check, cases: details.numRuns, maxError, maxKappa, maxRawError, passed: !details.failed };
  if (details.failed) {
    const shrunk = details.counterexample?.[0];
    const err = details.errorInstance;
    result.failure = {
      seed: details.seed,
      path: details.counterexamplePath ?? '',
      counterexample: shrunk ? describeCase(shrunk) : '',
      ...(shrunk ? { inputElements: Object.values(shrunk.inputs).reduce((a, t) => a + t.data.length, 0) } : {}),
      message: err instanceof Error ? err.message : String(err),
    };
  }
  return result;
}

export async function runConformance(options: ConformanceOptions): Promise<CellResult[]> {
  const layers = (options.layers ?? LAYERS).map((layer): LayerName => {
    if (!isLayerName(layer)) throw new Error(`runConformance: unknown layer '${layer}' (layers: ${LAYERS.join(', ')})`);
    return layer;
  });
  interface Cell { layer: LayerName; target: Target; check: string; arb: fc.Arbitrary<LayerCase>; evaluate: (c: LayerCase) => Promise<Comparison>; tolerance?: number }
  const cells: Cell[] = [];
  for (const layer of layers) {
    const arb = ARBITRARIES[layer];
    for (const target of options.targets) {
      cells.push({ layer, target, check: MATCHES_REF, arb, evaluate: (c) => differential(c, target) });
      const engine = GRADIENT_ENGINES.get(target.backend);
      if (engine) cells.push({ layer, target, check: GRADIENT_MATCHES_REF, arb: arb.filter((c) => !hasGradientGap(c)), evaluate: (c) => gradient(c, engine) });
      for (const law of LAWS) {
        if (!LAYER_FACTS[layer].laws.includes(law.id)) continue;
        cells.push({
          layer, target, check: law.name, arb: arb.map((c) => law.adapt(c)), evaluate: (c) => lawCheck(law, c, target),
          ...(law.tolerance !== undefined ? { tolerance: law.tolerance } : {}),
        });
      }
    }
  }
  const total = cells.filter((c) => !options.checks || options.checks.includes(c.check)).length;
  const results: CellResult[] = [];
  for (const cell of cells.filter((c) => !options.checks || options.checks.includes(c.check))) {
    const label = `${cell.layer} / ${cell.target.name} / ${cell.check}`;
    let result: CellResult;
    try {
      result = await runCell(cell.layer, cell.target, cell.check, cell.arb, cell.evaluate, options, cell.tolerance);
    } catch (e) {
      // fast-check reports property failures in its result; anything thrown here is the runner's own
      result = {
        layer: cell.layer, target: cell.target.name, check: cell.check, cases: 0, maxError: Infinity, passed: false,
        failure: { seed: options.seed ?? 0, path: '', counterexample: '', message: e instanceof Error ? e.message : String(e) },
      };
    }
    results.push(result);
    options.onProgress?.(results.length, total, label);
  }
  return results;
}
