/**
 * The running sums the Scan cases share: x = seq([2, 3, 2]) (batch 0 steps [1,2] [3,4] [5,6], batch 1 [7,8] [9,10]
 * [11,12]) from s_0 = [[10, 20], [30, 40]], the sums by hand, and the helpers that write expected outputs.
 */
import type { Graph, TensorType } from '@layerspec/spec';
import { F, seq } from '../tensors.js';
import { body, exactly, wantRuns, type ExpectedTensor, type OpCase } from './types.js';

export const X = seq([2, 3, 2]);
export const INIT = F([10, 20, 30, 40], [2, 2]);
export const FINAL = [19, 32, 57, 70];
export const FORWARD = [11, 22, 14, 26, 19, 32, 37, 48, 46, 58, 57, 70];
export const REVERSE = [15, 26, 18, 30, 19, 32, 41, 52, 50, 62, 57, 70];
export const t = (shape: number[], data: number[], dtype: 'float32' | 'int32' = 'float32'): ExpectedTensor => ({ dtype, shape, data });
/** Outputs y0, y1, ... of one run. */
export const outs = (...ts: ExpectedTensor[]): Record<string, ExpectedTensor>[] => [Object.fromEntries(ts.map((e, i) => [`y${i}`, e]))];
/** The case, compared exactly with the expected outputs of its runs. */
export const at = (c: OpCase, expected: Record<string, ExpectedTensor>[]): OpCase => exactly(wantRuns(c, expected));

/** s' = s + x_t; emits s'. State and slice have type `ty`. */
export const sumBody = (ty: TensorType): Graph =>
  body(
    [
      ['s', ty],
      ['x', ty],
    ],
    (b, [s, x]) => {
      const next = b.op1('Add', [s!, x!]);
      return [
        ['s_next', next],
        ['y', next],
      ];
    },
  );
