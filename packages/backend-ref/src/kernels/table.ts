import type { OpName } from '@layerspec/spec';
import { elementwiseKernels } from './elementwise.js';
import { layoutKernels } from './layout.js';
import { matmulKernel } from './matmul.js';
import { reduceKernels } from './reduce.js';
import { scan } from './scan.js';
import { softmax } from './softmax.js';
import { sourceKernels } from './sources.js';
import type { Kernel } from './types.js';
import { unaryKernels } from './unary.js';

/** Every op of the IR, by family; a missing entry fails to compile. */
export const KERNELS: { [K in OpName]: Kernel<K> } = {
  ...elementwiseKernels,
  ...unaryKernels,
  MatMul: matmulKernel,
  Softmax: softmax,
  ...reduceKernels,
  ...layoutKernels,
  ...sourceKernels,
  Scan: scan,
};
