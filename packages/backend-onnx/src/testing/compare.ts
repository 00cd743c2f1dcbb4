/** Float comparison for the tests of this package. Test-only: tsconfig.build.json leaves src/testing out of dist. */
import { expect } from 'vitest';
import type { HostTensor } from '@layerspec/spec';

/** Float tolerance: |actual - expected| <= RTOL * max(1, |expected|). */
export const RTOL = 1e-5;

/** Same dtype and shape; int and bool exact, float32 within RTOL (NaN only where expected is NaN). */
export function expectClose(
  label: string,
  actual: HostTensor | undefined,
  expected: { dtype?: string; shape: number[]; data: ArrayLike<number> },
  rtol = RTOL,
): void {
  expect(actual, `${label}: missing`).toBeDefined();
  const a = actual!;
  if (expected.dtype) expect(a.dtype, `${label}: dtype`).toBe(expected.dtype);
  expect(a.shape, `${label}: shape`).toEqual(expected.shape);
  expect(a.data.length, `${label}: size`).toBe(expected.data.length);
  const exact = a.dtype !== 'float32';
  for (let i = 0; i < expected.data.length; i++) {
    const x = a.data[i]!;
    const e = expected.data[i]!;
    if (exact) {
      if (x !== e) throw new Error(`${label}[${i}]: ${x}, expected ${e}`);
    } else if (Number.isNaN(e)) {
      if (!Number.isNaN(x)) throw new Error(`${label}[${i}]: ${x}, expected NaN`);
    } else if (!(Math.abs(x - e) <= rtol * Math.max(1, Math.abs(e)))) {
      throw new Error(`${label}[${i}]: ${x}, expected ${e} (error ${Math.abs(x - e).toExponential(2)})`);
    }
  }
}
