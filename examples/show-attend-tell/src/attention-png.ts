/** Renders an image with a 4x4 attention map upsampled (bilinearly) over it, as PNG bytes. */
import { IMAGE_SIZE } from './data.js';
import { encodePng } from './png.js';

/** `image`: (32, 32, 3) in [0, 1]; `attention`: 16 weights over the 4x4 grid; `size`: output side in px. */
export function attentionPng(image: Float32Array, attention: ArrayLike<number>, size = 96): Buffer {
  const S = IMAGE_SIZE;
  const G = 4;
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
  return encodePng(size, size, rgb);
}
