/**
 * Where a browser runtime disagrees with the reference engine beyond float32 on a golden case or a
 * conformance cell, measured in headless Chromium on SwiftShader. These run and must still fail (a fixed
 * runtime makes the suite say so); everything else must pass. They are runtime behaviors, not tolerances.
 */

export interface KnownFailure {
  readonly target: RegExp;
  /** The golden case name, or the conformance layer. */
  readonly name: RegExp;
  readonly reason: string;
}

/**
 * None at present. Fixed here before: SwiftShader's sin and cos (off by up to 1.9e-4), which tfjs-webgl,
 * tfjs-webgpu and onnx-webgpu now avoid with the exact-trig pass, and onnxruntime-web's WebGPU
 * LayerNormalization (a one-pass variance), which onnx-webgpu now writes as the layer's two-pass ops.
 */
export const KNOWN_GOLDEN_FAILURES: readonly KnownFailure[] = [];

export const KNOWN_CONFORMANCE_FAILURES: readonly KnownFailure[] = [];

export function knownFailure(list: readonly KnownFailure[], target: string, name: string): KnownFailure | undefined {
  return list.find((k) => k.target.test(target) && k.name.test(name));
}
