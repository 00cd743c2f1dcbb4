/**
 * Attention maps as heatmaps on <canvas>: one per head, query rows by key columns, white (0) to dark blue
 * (1). A masked cell is gray; a masked cell that got weight anyway (above 1e-6) is red, so a backend that
 * ignores a mask shows it at a glance.
 */
import type { HostTensor } from '@layerspec/spec';
import type { MaskedCell } from './masked.js';

export const MASKED_RGB = [128, 128, 128] as const;
export const LEAK_RGB = [220, 20, 60] as const;
const LOW = [255, 255, 255] as const;
const HIGH = [8, 48, 107] as const;

function colour(v: number, masked: boolean): readonly number[] {
  if (masked) return Math.abs(v) > 1e-6 || Number.isNaN(v) ? LEAK_RGB : MASKED_RGB;
  if (Number.isNaN(v)) return LEAK_RGB;
  const t = Math.min(1, Math.max(0, v));
  return LOW.map((lo, c) => Math.round(lo + (HIGH[c]! - lo) * t));
}

/** A canvas of a rows x cols map read from `data` at `offset` (row-major). */
export function heatmap(
  data: ArrayLike<number>,
  offset: number,
  rows: number,
  cols: number,
  masked: MaskedCell,
  label: string,
): HTMLCanvasElement {
  const cell = Math.max(2, Math.min(40, Math.floor(240 / Math.max(rows, cols))));
  const canvas = document.createElement('canvas');
  canvas.width = cols * cell;
  canvas.height = rows * cell;
  canvas.className = 'heatmap';
  canvas.dataset['rows'] = String(rows);
  canvas.dataset['cols'] = String(cols);
  canvas.dataset['cell'] = String(cell);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  const cx = canvas.getContext('2d');
  if (!cx) return canvas;
  const image = cx.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const rgb = colour(Number(data[offset + i * cols + j]), masked(i, j));
      for (let y = i * cell; y < (i + 1) * cell; y++) {
        for (let x = j * cell; x < (j + 1) * cell; x++) {
          const p = (y * canvas.width + x) * 4;
          image.data.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], p);
        }
      }
    }
  }
  cx.putImageData(image, 0, 0);
  return canvas;
}

/** The maps of batch item 0: weights (B, ...heads, Tq, Tk) give one map per head; `axes` names rows and columns. */
export function headMaps(weights: HostTensor, masked: MaskedCell, axes: readonly [string, string] = ['queries', 'keys']): HTMLElement[] {
  const shape = weights.shape;
  const rows = shape[shape.length - 2] ?? 1;
  const cols = shape[shape.length - 1] ?? 1;
  const heads = shape.length > 3 ? shape.slice(1, -2).reduce((a, b) => a * b, 1) : 1;
  return Array.from({ length: heads }, (_, h) => {
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = heads > 1 ? `head ${h}` : `${axes[0]} by ${axes[1]}`;
    const label = `${heads > 1 ? `head ${h}` : 'weights'}: ${rows} ${axes[0]} by ${cols} ${axes[1]}`;
    figure.append(heatmap(weights.data, h * rows * cols, rows, cols, masked, label), caption);
    return figure;
  });
}
