/**
 * The attention over the image grid at each word of a caption: a step slider (arrow keys move it), the
 * caption with the step's word marked, the image with the step's attention drawn over it (the overlay of
 * the example's PNGs) and the 4x4 weights as a heatmap beside it. The overlay canvas carries the step,
 * its word, its 16 weights and their sum as data attributes.
 */
import { GRID, IMAGE_SIZE, attentionOverlay, type CaptionerFile } from '@layerspec/example-show-attend-tell/captioner';
import type { CaptionResult } from './captioner-run.js';
import { exampleImage } from './captioner-run.js';
import { heatmap } from './heatmap.js';
import { labelled } from './maps.js';
import { rgbCanvas } from './image-canvas.js';

const OVERLAY = 192;

function stepView(file: CaptionerFile, k: number, result: CaptionResult): HTMLElement {
  const { words, attention } = result.caption;
  const image = exampleImage(file, k).data;
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = String(words.length - 1);
  slider.value = '0';
  const out = document.createElement('output');
  out.id = 'sat-step-output';
  out.htmlFor.add('sat-step');
  const caption = document.createElement('p');
  caption.id = 'sat-caption';
  const pictures = document.createElement('div');
  pictures.className = 'maps';
  const draw = (): void => {
    const t = Number(slider.value);
    const row = attention[t]!;
    out.textContent = `step ${t + 1} of ${words.length}: ${words[t]}`;
    caption.replaceChildren(
      ...words.flatMap((w, i) => {
        const span = document.createElement(i === t ? 'mark' : 'span');
        span.textContent = w;
        return i === 0 ? [span] : [' ', span];
      }),
    );
    const overlay = rgbCanvas(
      attentionOverlay(image, row, OVERLAY),
      OVERLAY,
      `the image with the attention of step ${t + 1} (${words[t]}) over it`,
    );
    overlay.id = 'sat-overlay';
    overlay.dataset['step'] = String(t);
    overlay.dataset['word'] = words[t]!;
    overlay.dataset['weights'] = JSON.stringify(Array.from(row));
    overlay.dataset['sum'] = String(row.reduce((a, v) => a + v, 0));
    const grid = heatmap(row, 0, GRID, GRID, () => false, `step ${t + 1}: the ${GRID * GRID} weights over the ${GRID}x${GRID} grid`);
    grid.id = 'sat-grid';
    pictures.replaceChildren(figure(overlay, `${words[t]}: attention over the image`), figure(grid, `the ${GRID}x${GRID} weights`));
  };
  slider.addEventListener('input', draw);
  draw();
  const box = document.createElement('div');
  box.id = 'sat-steps';
  box.append(labelled('sat-step', 'step (word)', slider), out, caption, pictures);
  return box;
}

function figure(canvas: HTMLCanvasElement, text: string): HTMLElement {
  const f = document.createElement('figure');
  const c = document.createElement('figcaption');
  c.textContent = text;
  f.append(canvas, c);
  return f;
}

/** The section: a list picks the backend whose attention is drawn; then that backend's steps. */
export function captionerMaps(file: CaptionerFile, k: number, results: readonly CaptionResult[]): HTMLElement {
  const section = document.createElement('section');
  section.id = 'maps';
  const title = document.createElement('h2');
  title.textContent = `Attention over the ${GRID}x${GRID} image grid at each word (image ${k + 1}, ${IMAGE_SIZE}x${IMAGE_SIZE} px)`;
  const select = document.createElement('select');
  for (const r of results) select.append(new Option(r.backend, r.backend));
  const view = document.createElement('div');
  const draw = (): void => view.replaceChildren(stepView(file, k, results.find((r) => r.backend === select.value)!));
  select.addEventListener('change', draw);
  draw();
  section.append(title, labelled('sat-backend', 'attention from backend', select), view);
  return section;
}
