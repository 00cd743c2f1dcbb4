/**
 * The backends the suites run on: every registered backend (importing a backend package registers it),
 * the ONNX ones once per opset, each with its default float tolerance for values that are not exact.
 */
import { getBackend, listBackends, type Backend } from '@layerspec/spec';
import { backend as refBackend } from '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import { OPSETS } from '@layerspec/backend-onnx';

export { refBackend };

export interface Target {
  readonly label: string;
  readonly backend: Backend;
  readonly options: Record<string, unknown>;
  /**
   * Default float tolerance (see compare.ts). The reference engine computes in float64 and rounds once
   * (relative error <= 2^-24 = 6e-8), so it is held to 1e-6; the float32 runtimes round after every
   * internal step and evaluate tanh, exp, erf and pow with float32 approximations of a few ulp (tfjs's
   * erf is Abramowitz-Stegun 7.1.26, 1.5e-7 absolute): 1e-5 is ~170 float32 ulp, ample for one op on
   * these small shapes and far below any wrong formula.
   */
  readonly rtol: number;
  /**
   * Whether run-time errors carry layerspec's message (the node and the values). onnxruntime raises its
   * own, naming the ONNX node: there a failing case only has to fail.
   */
  readonly layerspecErrors: boolean;
}

const isOnnx = (name: string): boolean => name.startsWith('onnx-');

export const TARGETS: readonly Target[] = listBackends().flatMap((name): Target[] => {
  const backend = getBackend(name);
  if (name === refBackend.name) return [{ label: name, backend, options: {}, rtol: 1e-6, layerspecErrors: true }];
  if (isOnnx(name))
    return OPSETS.map((opset) => ({ label: `${name}@${opset}`, backend, options: { opset }, rtol: 1e-5, layerspecErrors: false }));
  return [{ label: name, backend, options: {}, rtol: 1e-5, layerspecErrors: true }];
});
