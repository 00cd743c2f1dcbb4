/** Tensor comparison shared by the suites. */
import { expect } from 'vitest';
import type { DType, HostTensor } from '@layerspec/spec';

export interface TensorValues {
  readonly dtype?: DType;
  readonly shape: readonly number[];
  readonly data: ArrayLike<number> | readonly (number | boolean)[];
}

/**
 * Same dtype (when given) and shape; int32 and bool exactly; float32 within `tol`:
 * |actual - expected| <= tol * max(1, |expected|) (absolute below 1, where a relative error means nothing),
 * exactly when `tol` is 0. NaN must meet NaN and an infinity the same infinity.
 */
export function expectClose(label: string, actual: HostTensor | undefined, expected: TensorValues, tol: number): void {
  expect(actual, `${label}: missing`).toBeDefined();
  const a = actual!;
  if (expected.dtype) expect(a.dtype, `${label}: dtype`).toBe(expected.dtype);
  expect(a.shape, `${label}: shape`).toEqual([...expected.shape]);
  expect(a.data.length, `${label}: size`).toBe(expected.data.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.data.length; i++) {
    const x = a.data[i]!;
    const e = Number(expected.data[i]!);
    let ok: boolean;
    if (a.dtype !== 'float32') ok = x === e;
    else if (Number.isNaN(e)) ok = Number.isNaN(x);
    else if (!Number.isFinite(e) || tol === 0) ok = x === e;
    else ok = Math.abs(x - e) <= tol * Math.max(1, Math.abs(e));
    if (!ok) bad.push(`[${i}] ${x}, expected ${e}`);
  }
  expect(bad.slice(0, 8), `${label}: ${bad.length} of ${expected.data.length} values differ`).toEqual([]);
}
