import { BoundRuns, rejectEmptyDims, type BindOptions, type HeldWeights, type HostTensor } from '@layerspec/spec';
import type { Opset } from '../export/opset.js';
import type { OrtModule, OrtSession } from './ort.js';
import { createSession, runSession } from './session-run.js';

/** What a bound runner needs of its compiled graph. */
export interface OnnxBindContext {
  readonly ort: OrtModule;
  readonly opset: Opset;
  readonly outputNames: readonly string[];
  readonly bindOptions: BindOptions;
  /** Set for graphs whose runs must reject empty dims before onnxruntime runs (its message). */
  readonly rejectEmpty: string | undefined;
}

/**
 * A compiled graph with its weights bound: one InferenceSession created at bind time from the private
 * copies, the weights as initializers; each run feeds the inputs only.
 */
export class OnnxBound extends BoundRuns {
  private constructor(
    held: HeldWeights,
    private readonly context: OnnxBindContext,
    private readonly session: OrtSession,
  ) {
    super(held, context.bindOptions);
  }

  /** Exports the graph with the held weights as initializers and creates its session. */
  static async create(held: HeldWeights, context: OnnxBindContext): Promise<OnnxBound> {
    return new OnnxBound(held, context, await createSession(context.ort, held.graph, { ...held.weights }, context.opset));
  }

  protected execute(inputs: Record<string, HostTensor>): Promise<Record<string, HostTensor>> {
    if (this.context.rejectEmpty) rejectEmptyDims(this.graph, inputs, this.context.rejectEmpty);
    return runSession(this.context.ort, this.graph, this.context.outputNames, this.session, inputs);
  }

  protected release(): void {
    // Nothing is left to clean up when a release fails.
    this.session.release().catch(() => undefined);
  }
}
