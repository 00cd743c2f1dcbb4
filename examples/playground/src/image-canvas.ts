/** RGB pixels on a <canvas>: the example image scaled up (nearest), or an overlay the example draws. */

/** A canvas of `size` x `size` RGB bytes (row-major, 3 per pixel). */
export function rgbCanvas(rgb: Uint8Array, size: number, label: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.className = 'picture';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  const cx = canvas.getContext('2d');
  if (!cx) return canvas;
  const image = cx.createImageData(size, size);
  for (let p = 0; p < size * size; p++) image.data.set([rgb[3 * p]!, rgb[3 * p + 1]!, rgb[3 * p + 2]!, 255], 4 * p);
  cx.putImageData(image, 0, 0);
  return canvas;
}

/** An (S, S, 3) image in [0, 1] as RGB bytes of `size` x `size`, each pixel a block. */
export function scaledImage(image: ArrayLike<number>, side: number, size: number): Uint8Array {
  const rgb = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (Math.floor((y / size) * side) * side + Math.floor((x / size) * side)) * 3;
      for (let c = 0; c < 3; c++) rgb[(y * size + x) * 3 + c] = Math.round(255 * Math.min(1, Math.max(0, image[i + c]!)));
    }
  }
  return rgb;
}
