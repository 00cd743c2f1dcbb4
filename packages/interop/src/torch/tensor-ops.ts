import { LayerspecError, formatShape, sizeOf, type HostTensor } from '@layerspec/spec';

/** Float32 tensors by name: a state_dict, or a layer's weights. */
export type Weights = Record<string, HostTensor>;

export function f32(data: Float32Array, shape: number[]): HostTensor {
  return { dtype: 'float32', shape, data };
}

/** The same values under another shape of the same size (a copy, so results never alias the input). */
export function reshape(t: HostTensor, shape: number[]): HostTensor {
  if (sizeOf(shape) !== t.data.length) throw new LayerspecError('reshape', `${formatShape(t.shape)} cannot become ${formatShape(shape)}`);
  return f32(Float32Array.from(t.data), shape);
}

/** (rows, cols) -> (cols, rows), optionally viewed as `shape` afterwards. */
export function transpose(t: HostTensor, shape?: number[]): HostTensor {
  const [rows, cols] = t.shape as [number, number];
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = t.data[r * cols + c]!;
  return f32(out, shape ?? [cols, rows]);
}

/** Rows `[begin, end)` of a matrix (or elements of a vector). */
export function rows(t: HostTensor, begin: number, end: number): HostTensor {
  const width = t.shape.length > 1 ? sizeOf(t.shape.slice(1)) : 1;
  return f32(Float32Array.from(t.data.subarray(begin * width, end * width)), [end - begin, ...t.shape.slice(1)]);
}

/** Stacks tensors along axis 0. */
export function concatRows(parts: readonly HostTensor[]): HostTensor {
  const first = parts[0]!;
  const out = new Float32Array(parts.reduce((n, p) => n + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p.data, at);
    at += p.data.length;
  }
  return f32(out, [parts.reduce((n, p) => n + p.shape[0]!, 0), ...first.shape.slice(1)]);
}

/**
 * The gate blocks of a (gates * units, ...) tensor in another order: block i of the result is block
 * `order[i]` of `t`.
 */
export function reorderBlocks(t: HostTensor, order: readonly number[]): HostTensor {
  const size = t.shape[0]! / order.length;
  return concatRows(order.map((i) => rows(t, i * size, (i + 1) * size)));
}

/** The inverse permutation of `order`. */
export function inverseOrder(order: readonly number[]): number[] {
  const inv = new Array<number>(order.length);
  order.forEach((from, to) => (inv[from] = to));
  return inv;
}

export function add(a: HostTensor, b: HostTensor): HostTensor {
  return f32(
    Float32Array.from(a.data, (v, i) => v + b.data[i]!),
    [...a.shape],
  );
}

export function zeros(shape: number[]): HostTensor {
  return f32(new Float32Array(sizeOf(shape)), shape);
}
