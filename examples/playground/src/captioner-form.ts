/**
 * The Show, Attend and Tell settings in place of a layer's form: which of the saved example images to
 * caption, with the image beside the list. A file that does not load shows its error next to the list.
 */
import { IMAGE_SIZE } from '@layerspec/example-show-attend-tell/captioner';
import type { Captioner } from './captioner-run.js';
import { exampleImage } from './captioner-run.js';
import { rgbCanvas, scaledImage } from './image-canvas.js';

export interface CaptionerForm {
  /** The chosen example image (0 until the file has loaded). */
  read(): number;
  showError(message: string): void;
}

export function captionerForm(host: HTMLElement, captioner: Promise<Captioner>): CaptionerForm {
  const set = document.createElement('fieldset');
  set.id = 'sat-settings';
  const legend = document.createElement('legend');
  legend.textContent = 'Show, Attend and Tell: the trained captioner of examples/show-attend-tell';
  const row = document.createElement('div');
  row.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = 'sat-image';
  label.textContent = 'example image';
  const select = document.createElement('select');
  select.id = 'sat-image';
  select.append(new Option('loading the captioner...', ''));
  select.disabled = true;
  const doc = document.createElement('small');
  doc.id = 'sat-image-doc';
  doc.textContent = 'held-out images saved with the weights (out/captioner.safetensors); Run captions the chosen one';
  const error = document.createElement('p');
  error.className = 'error';
  error.id = 'sat-image-error';
  error.setAttribute('role', 'alert');
  select.setAttribute('aria-describedby', 'sat-image-doc sat-image-error');
  const preview = document.createElement('div');
  preview.id = 'sat-preview';
  row.append(label, select, doc, error);
  set.append(legend, row, preview);
  host.replaceChildren(set);

  const showError = (message: string): void => {
    error.textContent = message;
    select.setAttribute('aria-invalid', message ? 'true' : 'false');
  };
  let loaded: Captioner | undefined;
  const draw = (): void => {
    if (!loaded) return;
    const k = Number(select.value);
    preview.replaceChildren(rgbCanvas(scaledImage(exampleImage(loaded.file, k).data, IMAGE_SIZE, 96), 96, `example image ${k + 1}`));
  };
  select.addEventListener('change', draw);
  captioner.then(
    (c) => {
      loaded = c;
      const n = c.file.examples.image.shape[0] ?? 0;
      select.replaceChildren(...Array.from({ length: n }, (_, k) => new Option(`held-out image ${k + 1} of ${n}`, String(k))));
      select.disabled = false;
      draw();
    },
    (e: unknown) => {
      select.replaceChildren(new Option('no captioner', ''));
      showError(`the captioner did not load: ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  return {
    read: () => Number(select.value) || 0,
    showError,
  };
}
