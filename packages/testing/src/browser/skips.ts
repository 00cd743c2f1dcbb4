/**
 * Op cases the GPU runtimes get wrong, each with what was measured in headless Chromium on SwiftShader
 * (`node scripts/browser-test.mjs`): the cases still exist and fail when run; these are runtime behaviors
 * layerspec does not work around yet. Same form as ../skips.ts, which the browser suite applies first.
 */
import type { OpCase } from '../op-cases/types.js';
import type { Skip } from '../skips.js';
import type { Target } from '../targets.js';

const TFJS_GPU = /^tfjs-web(gl|gpu)$/;
const INT32 = /int32/;
const TFJS_GPU_INT32 =
  "tfjs's GPU backends compute int32 with float32 arithmetic (WebGL stores int32 in float textures): " +
  'values beyond 2^24 lose digits and do not wrap, and int32 MatMul/Mul/Div give wrong values even for small operands';
const ONNX_WEBGPU_NAN =
  "onnxruntime-web's WebGPU kernels do not propagate NaN (Relu, Sigmoid and Exp of NaN give a number, a Softmax row of all -inf gives 0, not NaN)";

export const BROWSER_SKIPS: readonly Skip[] = [
  ...(['Mul', 'Div', 'Where', 'Abs', 'Relu', 'MatMul', 'ReduceSum', 'Expand', 'Trilu'] as const).map(
    (op): Skip => ({ target: TFJS_GPU, op, name: INT32, reason: TFJS_GPU_INT32 }),
  ),
  { target: /^tfjs-webgl$/, op: 'Div', name: /^by zero gives/, reason: "tfjs-webgl's Div gives 1 for 0 / 0 instead of NaN" },
  {
    target: TFJS_GPU,
    op: 'Pow',
    name: /^float32 \(2,3\) with \(3\)$/,
    reason: "tfjs's GPU Pow of a negative base and an integral float exponent differs from IEEE pow",
  },
  { target: /^tfjs-webgpu$/, op: 'Sigmoid', name: /keeps NaN/, reason: "tfjs-webgpu's Sigmoid of NaN gives 0" },
  { target: /^onnx-webgpu/, op: 'Sigmoid', name: /keeps NaN/, reason: ONNX_WEBGPU_NAN },
  { target: /^onnx-webgpu/, op: 'Relu', name: /propagates NaN/, reason: ONNX_WEBGPU_NAN },
  { target: /^onnx-webgpu/, op: 'Exp', name: /keeps NaN/, reason: ONNX_WEBGPU_NAN },
  { target: /^onnx-webgpu/, op: 'Softmax', name: /^-inf entries/, reason: ONNX_WEBGPU_NAN },
  {
    target: /^onnx-webgpu/,
    op: 'Log',
    name: /^at 0, -1 and -0/,
    reason: "onnxruntime-web's WebGPU Log of 0, -1 and -0 does not give -inf and NaN",
  },
  {
    target: /^onnx-webgpu/,
    op: 'Pow',
    name: /^float32/,
    reason: "onnxruntime-web's WebGPU Pow of negative bases gives NaN where IEEE pow gives a value (integral exponents)",
  },
  {
    target: /^onnx-webgpu/,
    op: 'Div',
    name: /^int32 by zero$/,
    reason: "onnxruntime-web's WebGPU int32 Div by zero gives a value instead of failing",
  },
  {
    target: /^onnx-webgpu/,
    op: 'Gather',
    name: /out of range/,
    reason: "onnxruntime-web's WebGPU Gather does not check indices (an out-of-range index gives a value, not an error)",
  },
  {
    target: /^onnx-webgpu/,
    op: 'MatMul',
    name: /empty inner dim/,
    reason: "onnxruntime-web's WebGPU MatMul rejects zero-sized inner dimensions",
  },
  {
    target: /^onnx-webgpu/,
    op: 'Slice',
    name: /^reverse|^step -1|^clamped end, default axes|^axes listed out of order|^backward start below/,
    reason: "onnxruntime-web's WebGPU Slice gets negative steps, axes out of order and omitted axes wrong (shapes and values)",
  },
];

export function browserSkipReason(target: Target, c: OpCase): string | undefined {
  return BROWSER_SKIPS.find((s) => s.target.test(target.label) && s.op === c.op && (!s.name || s.name.test(c.name)))?.reason;
}
