import type { OpName } from '@layerspec/spec';
import { elementwiseKernels, where } from './elementwise.js';
import * as layout from './layout.js';
import { matmulKernel } from './matmul.js';
import { reduceKernels, softmax } from './reduce.js';
import { scan } from './scan.js';
import { constant, dropout } from './sources.js';
import type { TfKernel } from './types.js';
import { cast, unaryKernels } from './unary.js';

/** The lowering of every op of the IR; a missing entry fails to compile. */
export const TF_KERNELS: { [K in OpName]: TfKernel<K> } = {
  ...elementwiseKernels,
  Where: where,
  ...unaryKernels,
  Cast: cast,
  MatMul: matmulKernel,
  Softmax: softmax,
  ...reduceKernels,
  Transpose: layout.transpose,
  Reshape: layout.reshape,
  Unsqueeze: layout.unsqueeze,
  Squeeze: layout.squeeze,
  Expand: layout.expand,
  Concat: layout.concat,
  Slice: layout.slice,
  Gather: layout.gather,
  Shape: layout.shape,
  Trilu: layout.trilu,
  Constant: constant,
  Dropout: dropout,
  Scan: scan,
};
