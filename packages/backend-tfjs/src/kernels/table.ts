import type { OpName } from '@layerspec/spec';
import { elementwiseKernels } from './elementwise.js';
import { layoutKernels } from './layout.js';
import { matmulKernel } from './matmul.js';
import { reduceKernels } from './reduce.js';
import { scan } from './scan.js';
import { sourceKernels } from './sources.js';
import type { TfKernel } from './types.js';
import { unaryKernels } from './unary.js';

/** The lowering of every op of the IR, by family; a missing entry fails to compile. */
export const TF_KERNELS: { [K in OpName]: TfKernel<K> } = {
  ...elementwiseKernels,
  ...unaryKernels,
  MatMul: matmulKernel,
  ...reduceKernels,
  ...layoutKernels,
  ...sourceKernels,
  Scan: scan,
};
