import { LayerspecError } from '../errors.js';
import type { Graph } from '../graph/types.js';
import { verifyGraph } from '../graph/verify.js';
import { exactTrig } from './exact-trig.js';
import { foldScaleIntoWeights } from './fold-scale-into-weights.js';
import { fuseSiblingProjections } from './fuse-sibling-projections.js';
import { hoistInputProducts } from './hoist-input-products.js';
import { hoistLoopInvariants } from './hoist-loop-invariants.js';
import { scaleBeforeProduct } from './scale-before-product.js';
import { stackStepProducts } from './stack-step-products.js';
import { transposeStepKeys } from './transpose-step-keys.js';

/**
 * The graph passes, in the order `optimizeGraph` runs them. Each is a pure function from a graph to a
 * graph computing the same values (up to float rounding), faster (or, for the device passes, more exactly
 * on runtimes whose own ops are imprecise); see docs/passes.md.
 */
export const PASSES = {
  'fold-scale-into-weights': foldScaleIntoWeights,
  'scale-before-product': scaleBeforeProduct,
  'hoist-loop-invariants': hoistLoopInvariants,
  'hoist-input-products': hoistInputProducts,
  'stack-step-products': stackStepProducts,
  'transpose-step-keys': transposeStepKeys,
  'fuse-sibling-projections': fuseSiblingProjections,
  'exact-trig': exactTrig,
} as const satisfies Record<string, (graph: Graph) => Graph>;

export type PassName = keyof typeof PASSES;

export const PASS_NAMES = Object.keys(PASSES) as PassName[];

/**
 * Passes that `true` selects only where the backend asks for them (`devicePasses`): they trade speed for
 * the accuracy a runtime lacks, or could pay off only on runtimes that fold computations on weights into
 * constants when they load a model (docs/passes.md), so runtimes that do not need them do not pay for them.
 */
export const DEVICE_PASS_NAMES: readonly PassName[] = ['fuse-sibling-projections', 'exact-trig'];

/** Which passes to run: all (`true`, the default), none (`false`), or the named ones (run in `PASSES` order). */
export type PassSelection = boolean | readonly PassName[];

export interface OptimizeOptions {
  passes?: PassSelection | undefined;
  /** The device passes the backend adds to `true` (`DEVICE_PASS_NAMES`); a list of names is run as given. */
  devicePasses?: readonly PassName[] | undefined;
}

/** The passes `selection` names, in pipeline order; an unknown name is an error naming the known ones. */
export function selectedPasses(selection: PassSelection = true, devicePasses: readonly PassName[] = []): PassName[] {
  if (typeof selection === 'boolean')
    return selection ? PASS_NAMES.filter((n) => !DEVICE_PASS_NAMES.includes(n) || devicePasses.includes(n)) : [];
  for (const name of selection) {
    if (!PASS_NAMES.includes(name)) {
      throw new LayerspecError('optimizeGraph', `unknown pass '${String(name)}' (known: ${PASS_NAMES.join(', ')})`);
    }
  }
  return PASS_NAMES.filter((n) => selection.includes(n));
}

/** Runs the selected passes over `graph` and verifies the result. The input graph is not changed. */
export function optimizeGraph(graph: Graph, options: OptimizeOptions = {}): Graph {
  let out = graph;
  for (const name of selectedPasses(options.passes, options.devicePasses)) out = PASSES[name](out);
  if (out !== graph) verifyGraph(out);
  return out;
}
