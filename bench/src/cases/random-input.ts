import { Random, type HostTensor } from '@layerspec/spec';

/** A float32 tensor of standard normal values from a fixed seed. */
export function randomInput(shape: readonly number[], seed: number): HostTensor {
  const rng = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'float32', shape: [...shape], data: Float32Array.from({ length: n }, () => rng.normal()) };
}
