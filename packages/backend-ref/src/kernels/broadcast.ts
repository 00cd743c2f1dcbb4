import { broadcastStatic } from '@layerspec/spec';

/**
 * Walks the output of a numpy broadcast as rows along its innermost run of dims, after merging
 * adjacent dims that every input walks the same way. For each row `visit` gets the output offset, each
 * input's offset, the row length and each input's step (0 where that input broadcasts).
 */
export function forEachBroadcastRow(
  outShape: readonly number[],
  inShapes: readonly (readonly number[])[],
  visit: (outOffset: number, offsets: readonly number[], length: number, steps: readonly number[]) => void,
): void {
  const rank = outShape.length;
  const n = inShapes.length;
  const total = outShape.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  // Per input: strides over the (left-padded) output dims, 0 where the input has size 1.
  const strides = inShapes.map((shape) => {
    const padded = [...Array<number>(rank - shape.length).fill(1), ...shape];
    const s = new Array<number>(rank).fill(0);
    let acc = 1;
    for (let i = rank - 1; i >= 0; i--) {
      s[i] = padded[i] === 1 ? 0 : acc;
      acc *= padded[i]!;
    }
    return s;
  });
  // Merge dims from the inside out.
  const dims: number[] = [];
  const dimStrides: number[][] = strides.map(() => []);
  for (let i = rank - 1; i >= 0; i--) {
    const size = outShape[i]!;
    if (size === 1) continue;
    const last = dims.length - 1;
    const mergeable =
      last >= 0 &&
      strides.every((s, j) => {
        const inner = dimStrides[j]![last]!;
        return (s[i] === 0 && inner === 0) || (s[i] !== 0 && inner !== 0 && s[i] === inner * dims[last]!);
      });
    if (mergeable) {
      dims[last]! *= size;
    } else {
      dims.push(size);
      strides.forEach((s, j) => dimStrides[j]!.push(s[i]!));
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    dimStrides.forEach((d) => d.push(0));
  }
  const length = dims[0]!;
  const steps = dimStrides.map((d) => d[0]!);
  const outer = dims.slice(1);
  const outerStrides = dimStrides.map((d) => d.slice(1));
  const counter = new Array<number>(outer.length).fill(0);
  const offsets = new Array<number>(n).fill(0);
  const rows = total / length;
  for (let r = 0; r < rows; r++) {
    visit(r * length, offsets, length, steps);
    for (let d = 0; d < outer.length; d++) {
      counter[d]!++;
      for (let j = 0; j < n; j++) offsets[j]! += outerStrides[j]![d]!;
      if (counter[d]! < outer[d]!) break;
      for (let j = 0; j < n; j++) offsets[j]! -= outerStrides[j]![d]! * outer[d]!;
      counter[d] = 0;
    }
  }
}

export function broadcastAll(shapes: readonly (readonly number[])[], where: string): number[] {
  return shapes.reduce<number[]>((acc, s) => broadcastStatic(acc, s, where), []);
}
