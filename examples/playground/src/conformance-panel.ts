/**
 * "Run conformance": the conformance suite (@layerspec/conformance's runConformance, as
 * `layerspec conformance --browser` runs it) for the chosen layer on the chosen backends' targets, in
 * this page, with a progress bar; then the CLI's table (layer, target, check, cases, max error, result),
 * its failures with their replay commands, and its "N passed, M failed" line.
 */
import { defaultTargets, runConformance, type CellResult } from '@layerspec/conformance';

export interface ConformanceRequest {
  layer: string;
  backends: readonly string[];
  runs: number;
  seed: number;
}

function table(cells: readonly CellResult[]): HTMLTableElement {
  const element = document.createElement('table');
  element.id = 'conformance-table';
  element.createCaption().textContent = 'Conformance';
  const head = element.createTHead().insertRow();
  for (const h of ['layer', 'target', 'check', 'cases', 'max error', 'result']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    head.append(th);
  }
  const body = element.createTBody();
  for (const c of cells) {
    const row = body.insertRow();
    const texts = [c.layer, c.target, c.check, String(c.cases), c.maxError.toExponential(2), c.passed ? 'pass' : 'FAIL'];
    for (const t of texts) row.insertCell().textContent = t;
    row.lastElementChild!.className = c.passed ? 'pass' : 'fail';
  }
  return element;
}

function failures(cells: readonly CellResult[]): HTMLElement[] {
  return cells
    .filter((c) => !c.passed)
    .map((c) => {
      const f = c.failure;
      const pre = document.createElement('pre');
      pre.className = 'failure';
      pre.textContent = `FAIL ${c.layer} on ${c.target} (${c.check})${f ? `: ${f.message}` : ''}`;
      if (f) {
        const path = f.path ? ` --path ${f.path}` : '';
        pre.textContent += `\n  counterexample: ${f.counterexample}\n  replay: npx layerspec conformance --backends ${c.target} --layers ${c.layer} --seed ${f.seed}${path} --browser`;
      }
      return pre;
    });
}

/** Runs the suite into `host`; resolves with the cells (none when no target was chosen). */
export async function runConformancePanel(host: HTMLElement, request: ConformanceRequest): Promise<CellResult[]> {
  const progress = document.createElement('progress');
  progress.id = 'conformance-progress';
  progress.max = 1;
  progress.value = 0;
  const label = document.createElement('p');
  label.id = 'conformance-status';
  label.setAttribute('aria-live', 'polite');
  progress.setAttribute('aria-labelledby', label.id);
  host.replaceChildren(label, progress);
  const targets = defaultTargets(request.backends);
  if (targets.length === 0) {
    label.textContent = 'choose a backend other than ref: conformance compares the others with it';
    return [];
  }
  label.textContent = `starting ${request.layer} on ${targets.map((t) => t.name).join(', ')}`;
  const cells = await runConformance({
    targets,
    layers: [request.layer],
    runs: request.runs,
    seed: request.seed,
    onProgress: (done, total, text) => {
      progress.max = total;
      progress.value = done;
      label.textContent = `[${done}/${total}] ${text}`;
    },
  });
  const failed = cells.filter((c) => !c.passed).length;
  label.textContent = cells.length === 0 ? 'no checks ran: the layer has no check on these targets' : 'done';
  const summary = document.createElement('p');
  summary.id = 'conformance-summary';
  summary.textContent = `${cells.length - failed} passed, ${failed} failed`;
  host.append(table(cells), ...failures(cells), summary);
  return cells;
}
