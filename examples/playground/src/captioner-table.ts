/** The Show, Attend and Tell run's table: per backend, its caption, how far its attention is from ref's, and its times. */
import type { CaptionResult } from './captioner-run.js';

function cell(row: HTMLTableRowElement, text: string, className = ''): void {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

/** The caption as text: the words before `<eos>`. */
export const captionText = (words: readonly string[]): string => words.filter((w) => w !== '<eos>').join(' ');

/** The table, and above it the caption the example saved for the image (decoded by tfjs-wasm after training). */
export function captionerTable(saved: string): { element: HTMLElement; add(r: CaptionResult): void } {
  const note = document.createElement('p');
  note.id = 'sat-saved';
  note.textContent = `The example's caption of this image (tfjs-wasm, saved with the weights): ${saved}`;
  const table = document.createElement('table');
  table.id = 'results-table';
  table.createCaption().textContent = 'Greedy captions per backend (agrees: the same words as ref, attention within 1e-4)';
  const head = table.createTHead().insertRow();
  for (const h of ['backend', 'caption', 'max |attention diff| from ref', 'agrees', 'compile (ms)', 'decoding (ms)']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const body = table.createTBody();
  const element = document.createElement('div');
  element.append(note, table);
  return {
    element,
    add(r) {
      const row = body.insertRow();
      row.dataset['backend'] = r.backend;
      cell(row, r.backend);
      cell(row, captionText(r.caption.words));
      cell(row, Number.isNaN(r.maxDiff) ? 'other words' : r.maxDiff.toExponential(2), 'num');
      cell(row, r.agrees ? 'yes' : 'NO', r.agrees ? 'pass' : 'fail');
      cell(row, r.compileMs.toFixed(1), 'num');
      cell(row, r.decodeMs.toFixed(1), 'num');
    },
  };
}
