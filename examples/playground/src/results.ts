/** The run's table: one row per backend, as each finishes. */
import type { BackendResult } from './run.js';

function cell(row: HTMLTableRowElement, text: string, className = ''): void {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
}

export function resultsTable(): { element: HTMLTableElement; add(r: BackendResult): void } {
  const element = document.createElement('table');
  element.id = 'results-table';
  element.createCaption().textContent = 'Outputs and timings per backend (agrees: max |diff| <= 1e-4 x max(1, largest |ref output|))';
  const head = element.createTHead().insertRow();
  for (const h of ['backend', 'output shape', 'max |diff| from ref', 'agrees', 'compile (ms)', 'first run (ms)', 'median (ms)']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const body = element.createTBody();
  return {
    element,
    add(r) {
      const row = body.insertRow();
      row.dataset['backend'] = r.backend;
      cell(row, r.backend);
      cell(
        row,
        Object.entries(r.outputs)
          .map(([name, t]) => `${name} [${t.shape.join(', ')}]`)
          .join('\n'),
      );
      cell(row, Number.isNaN(r.maxDiff) ? 'NaN' : r.maxDiff.toExponential(2), 'num');
      cell(row, r.agrees ? 'yes' : 'NO', r.agrees ? 'pass' : 'fail');
      cell(row, r.compileMs.toFixed(1), 'num');
      cell(row, r.firstMs.toFixed(1), 'num');
      cell(row, Number.isNaN(r.medianMs) ? '-' : r.medianMs.toFixed(2), 'num');
    },
  };
}
