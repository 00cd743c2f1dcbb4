/**
 * An image with a 4x4 attention map over it, as RGB pixels: the image dimmed where the attention is low,
 * with the attention (normalized by its peak) upsampled bilinearly from the cell centres and a faint white
 * glow where it is high. No Node and no DOM: the PNGs of `main.ts` and the playground's canvas draw this.
 */
import { IMAGE_SIZE } from './data.js';

/** The side of the attention grid: 16 annotation vectors, one per cell of a 4x4 grid over the image. */
export const GRID = 4;

/** `image`: (32, 32, 3) in [0, 1]; `attention`: 16 weights over the 4x4 grid; `size`: output side in px. (size, size, 3) RGB bytes. */
export function attentionOverlay(image: ArrayLike<number>, attention: ArrayLike<number>, size = 96): Uint8Array {
  const S = IMAGE_SIZE;
  const G = GRID;
  let max = 0;
  for (let i = 0; i < G * G; i++) max = Math.max(max, attention[i]!);
  const at = (gy: number, gx: number): number =>
    attention[Math.min(G - 1, Math.max(0, gy)) * G + Math.min(G - 1, Math.max(0, gx))]! / (max || 1);
  const rgb = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Bilinear over cell centres.
      const fy = ((y + 0.5) / size) * G - 0.5;
      const fx = ((x + 0.5) / size) * G - 0.5;
      const y0 = Math.floor(fy);
      const x0 = Math.floor(fx);
      const wy = fy - y0;
      const wx = fx - x0;
      const a = (1 - wy) * ((1 - wx) * at(y0, x0) + wx * at(y0, x0 + 1)) + wy * ((1 - wx) * at(y0 + 1, x0) + wx * at(y0 + 1, x0 + 1));
      const sy = Math.floor((y / size) * S);
      const sx = Math.floor((x / size) * S);
      const o = (y * size + x) * 3;
      const i = (sy * S + sx) * 3;
      // Dim what is not attended; a faint white glow where attention is.
      const light = 0.15 + 0.85 * a;
      for (let c = 0; c < 3; c++) rgb[o + c] = Math.round(255 * Math.min(1, image[i + c]! * light + 0.35 * a));
    }
  }
  return rgb;
}
