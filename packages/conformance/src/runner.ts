/**
 * runConformance: every (layer, target, check) cell as a fast-check property. The 'matches ref' check
 * runs each generated case on the reference engine and on the target and compares them (compare.ts);
 * 'gradient matches ref' compares a training target's gradients with central differences on the
 * reference engine (gradients/); the law checks (laws.ts) run on the target alone. Given a `graph`
 * instead of layers, the differential and gradient checks run on that graph (graph-cases.ts).
 */
import {
  LayerspecError,
  createLayer,
  getBackend,
  isLayerName,
  layerClassNames,
  type Compiled,
  type Graph,
  type HostTensor,
  type LayerName,
} from '@layerspec/spec';
import '@layerspec/backend-ref';
import { OPSETS } from '@layerspec/backend-onnx';
import { ARBITRARIES } from './arbitraries/index.js';
import { runCells, runnable, type Cell, type RunnableCell } from './cell.js';
import { compareOutputs, type Comparison } from './compare.js';
import { LAYER_FACTS } from './facts.js';
import { graphCaseArb, graphWeights, type GraphCase, type GraphUnderTest } from './graph-cases.js';
import { gradientCheck } from './gradients/gradient-check.js';
import { hasGradientGap } from './gradients/known-gaps.js';
import { GRADIENT_ENGINES, type GradientEngine } from './gradients/tfjs-gradient.js';
import { LAWS, type Law } from './laws.js';
import { referenceRun } from './reference-run.js';
import type { CellResult, ConformanceOptions, LayerCase, Target } from './types.js';
import { weightsOf } from './weights.js';

export { weightsOf } from './weights.js';

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
        ? OPSETS.map((opset) => ({ name: `${backend}@${opset}`, backend, compileOptions: { opset } }))
        : [{ name: backend, backend }],
    );
}

export function graphOf(c: LayerCase): Graph {
  return createLayer(c.layer, c.config).build(c.inputTypes, c.buildOptions);
}

async function withCompiled<T>(backendName: string, graph: Graph, options: object | undefined, f: (c: Compiled) => Promise<T>): Promise<T> {
  const compiled = await getBackend(backendName).compile(graph, options);
  try {
    return await f(compiled);
  } finally {
    compiled.dispose();
  }
}

/** A graph, its inputs and weights, and (for a layer's graph) the case, whose facts add kappa terms. */
interface Run {
  graph: Graph;
  inputs: Record<string, HostTensor>;
  weights: Record<string, HostTensor>;
  seed: number;
  layerCase?: LayerCase;
}

function layerRun(c: LayerCase): Run {
  const graph = graphOf(c);
  return { graph, inputs: c.inputs, weights: weightsOf(graph, c.weightSeed), seed: c.weightSeed, layerCase: c };
}

async function differential(r: Run, target: Target): Promise<Comparison> {
  const { reference, kappa } = await referenceRun(r.graph, r.inputs, r.weights, r.seed, r.layerCase);
  const actual = await withCompiled(target.backend, r.graph, target.compileOptions, (g) => g.run(r.inputs, r.weights));
  return compareOutputs(reference, actual, kappa);
}

async function gradient(r: Run, engine: GradientEngine): Promise<Comparison> {
  const { reference, kappa } = await referenceRun(r.graph, r.inputs, r.weights, r.seed, r.layerCase);
  return gradientCheck({ graph: r.graph, inputs: r.inputs, weights: r.weights, seed: r.seed, kappa, outputs: reference }, engine);
}

async function lawCheck(law: Law, c: LayerCase, target: Target): Promise<Comparison> {
  const r = layerRun(c);
  const { kappa } = law.needsKappa ? await referenceRun(r.graph, r.inputs, r.weights, r.seed, c) : { kappa: 1 };
  return withCompiled(target.backend, r.graph, target.compileOptions, (g) => law.check(c, (inputs) => g.run(inputs, r.weights), kappa));
}

/** A short JSON of the case: its recipe (shapes, flags, seeds) plus the layer config actually built. */
export function describeCase(c: LayerCase): string {
  return JSON.stringify({ layer: c.layer, config: c.config, buildOptions: c.buildOptions, recipe: c.recipe });
}

function layerCells(layer: LayerName, target: Target): Cell<LayerCase>[] {
  const arb = ARBITRARIES[layer];
  const base = { subject: layer, target: target.name, describe: describeCase };
  const cells: Cell<LayerCase>[] = [{ ...base, check: MATCHES_REF, arb, evaluate: (c) => differential(layerRun(c), target) }];
  const engine = GRADIENT_ENGINES.get(target.backend);
  if (engine) {
    cells.push({
      ...base,
      check: GRADIENT_MATCHES_REF,
      arb: arb.filter((c) => !hasGradientGap(c, target.backend)),
      evaluate: (c) => gradient(layerRun(c), engine),
    });
  }
  for (const law of LAWS) {
    if (!LAYER_FACTS[layer].laws.includes(law.id)) continue;
    cells.push({
      ...base,
      check: law.name,
      arb: arb.map((c) => law.adapt(c)),
      evaluate: (c) => lawCheck(law, c, target),
      ...(law.tolerance !== undefined ? { tolerance: law.tolerance } : {}),
    });
  }
  return cells;
}

function graphCells(g: GraphUnderTest, target: Target): Cell<GraphCase>[] {
  const arb = graphCaseArb(g);
  const run = (c: GraphCase): Run => ({ graph: c.graph, inputs: c.inputs, weights: graphWeights(g, c), seed: c.weightSeed });
  const base = {
    subject: `graph:${g.graph.name}`,
    target: target.name,
    describe: (c: GraphCase) => JSON.stringify({ graph: g.graph.name, recipe: c.recipe }),
  };
  const cells: Cell<GraphCase>[] = [{ ...base, check: MATCHES_REF, arb, evaluate: (c) => differential(run(c), target) }];
  const engine = GRADIENT_ENGINES.get(target.backend);
  if (engine) cells.push({ ...base, check: GRADIENT_MATCHES_REF, arb, evaluate: (c) => gradient(run(c), engine) });
  return cells;
}

export async function runConformance(options: ConformanceOptions): Promise<CellResult[]> {
  const cells: RunnableCell[] = [];
  if (options.graph) {
    if (options.layers) throw new LayerspecError('runConformance', "give either 'graph' or 'layers', not both");
    graphCaseArb(options.graph); // checks the dims before any cell runs
    for (const target of options.targets) cells.push(...graphCells(options.graph, target).map(runnable));
  } else {
    const layers = (options.layers ?? LAYERS).map((layer): LayerName => {
      if (!isLayerName(layer)) throw new Error(`runConformance: unknown layer '${layer}' (layers: ${LAYERS.join(', ')})`);
      return layer;
    });
    for (const layer of layers) for (const target of options.targets) cells.push(...layerCells(layer, target).map(runnable));
  }
  return runCells(
    cells.filter((c) => !options.checks || options.checks.includes(c.check)),
    options,
  );
}
