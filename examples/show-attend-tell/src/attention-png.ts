/** Renders an image with a 4x4 attention map upsampled (bilinearly) over it, as PNG bytes. */
import { attentionOverlay } from './attention-overlay.js';
import { encodePng } from './png.js';

/** `image`: (32, 32, 3) in [0, 1]; `attention`: 16 weights over the 4x4 grid; `size`: output side in px. */
export function attentionPng(image: Float32Array, attention: ArrayLike<number>, size = 96): Buffer {
  return encodePng(size, size, attentionOverlay(image, attention, size));
}
