import { readFileSync } from 'node:fs';
import { getBackend, listBackends, type Graph, type HostTensor } from '@layerspec/spec';
import '@layerspec/backend-ref';
import '@layerspec/backend-tfjs';
import '@layerspec/backend-onnx';
import { readSafetensors } from '../safetensors/read.js';

/** The bytes of a committed fixture (packages/interop/fixtures/...). */
export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));
}

export function fixture(path: string): Record<string, HostTensor> {
  return readSafetensors(fixtureBytes(path));
}

/**
 * Agreement with torch: |got - want| <= 1e-5 * max(1, max|want|). Torch computes in float32 and the
 * backends in float32 (ref in float64, rounded once), so each side is a few float32 roundings (2^-24 ~
 * 6e-8 each) from the exact value over these small sums; 1e-5 leaves room for that while a wrong mapping
 * (a swapped gate, a transposed kernel, a lost bias) is off by 1e-2 or more.
 */
export const TOLERANCE = 1e-5;

export function maxScaledDiff(got: HostTensor, want: HostTensor): number {
  if (got.shape.join() !== want.shape.join()) return Infinity;
  let scale = 1;
  for (const v of want.data) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < want.data.length; i++) {
    const d = Math.abs(got.data[i]! - want.data[i]!);
    worst = Math.max(worst, Number.isNaN(d) ? Infinity : d);
  }
  return worst / scale;
}

/** Every backend registered in this process: ref, tfjs-cpu, tfjs-wasm, onnx-web, and onnx-node where it loads. */
export const BACKENDS: readonly string[] = listBackends();

/** Runs `graph` on backend `name` (compiled for inference) and returns its outputs. */
export async function runOn(
  name: string,
  graph: Graph,
  inputs: Record<string, HostTensor>,
  weights: Record<string, HostTensor>,
): Promise<Record<string, HostTensor>> {
  const compiled = await getBackend(name).compile(graph, { training: false });
  try {
    return await compiled.run(inputs, weights);
  } finally {
    compiled.dispose();
  }
}

/** A bool tensor from 0/1 values. */
export function boolTensor(values: ArrayLike<number>, shape: number[]): HostTensor {
  return { dtype: 'bool', shape, data: Uint8Array.from(values, (v) => (v ? 1 : 0)) };
}
