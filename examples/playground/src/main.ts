/**
 * The playground page: pick a layer, edit its generated form, choose backends, then Run (table and
 * attention maps), Export ONNX or Run conformance. Every error lands next to the control it names or in
 * the status line; `document.body.dataset` says what the page is doing (for people and for the test).
 */
import { LAYER_NAMES, LAYERS, isLayerName, type LayerName } from '@layerspec/spec';
import { availableBackends, backendPicker } from './backends.js';
import { runConformancePanel } from './conformance-panel.js';
import { downloadOnnx } from './export.js';
import { settingsForm, type SettingsForm } from './form.js';
import { mapsSection } from './maps.js';
import { resultsTable } from './results.js';
import { buildSettings, runBackends, type Built } from './run.js';
import { defaultSettings, type Settings } from './settings.js';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const layerSelect = byId<HTMLSelectElement>('layer');
const status = byId<HTMLParagraphElement>('status');
const results = byId<HTMLElement>('results');
const buttons = ['run', 'export', 'conformance'].map((id) => byId<HTMLButtonElement>(id));
const chosenBackends = backendPicker(byId('backends'), availableBackends());
let form: SettingsForm | undefined;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function setState(key: 'run' | 'conformance', state: 'running' | 'done' | 'error'): void {
  document.body.dataset[key] = state;
  for (const b of [...buttons, layerSelect]) b.disabled = state === 'running';
}

function showLayer(layer: LayerName): void {
  byId('layer-doc').textContent = LAYERS[layer].declaration.doc;
  results.replaceChildren();
  byId('conformance-out').replaceChildren();
  form = settingsForm(byId('fields'), defaultSettings(layer));
}

/** The settings and the built layer, or undefined with the library's message shown where it belongs. */
function build(): { settings: Settings; built: Built } | undefined {
  if (!form) return undefined;
  form.showError('');
  try {
    const settings = form.read();
    return { settings, built: buildSettings(settings) };
  } catch (e) {
    form.showError(message(e));
    status.textContent = 'fix the setting marked below';
    return undefined;
  }
}

async function run(): Promise<void> {
  const ready = build();
  if (!ready) return setState('run', 'error');
  const { settings, built } = ready;
  const backends = chosenBackends();
  setState('run', 'running');
  const table = resultsTable();
  results.replaceChildren(table.element);
  status.textContent = `running on ${backends.join(', ')}`;
  try {
    const rows = await runBackends(built, backends, settings.runs, (r) => {
      table.add(r);
      status.textContent = `ran ${r.backend}`;
    });
    const maps = mapsSection(settings, rows);
    if (maps) results.append(maps);
    status.textContent = `ran ${settings.layer} on ${rows.length} backend${rows.length === 1 ? '' : 's'}`;
    setState('run', 'done');
  } catch (e) {
    status.textContent = `the run failed: ${message(e)}`;
    setState('run', 'error');
  }
}

function exportModel(): void {
  const ready = build();
  if (!ready) return;
  try {
    const bytes = downloadOnnx(ready.built, ready.settings.layer);
    status.textContent = `downloaded ${ready.settings.layer}.onnx (${bytes} bytes)`;
  } catch (e) {
    status.textContent = `export failed: ${message(e)}`;
  }
}

async function conformance(): Promise<void> {
  const ready = build();
  const runs = Number(byId<HTMLInputElement>('conformance-runs').value);
  if (!ready) return setState('conformance', 'error');
  if (!Number.isInteger(runs) || runs < 1) {
    status.textContent = `cases per check must be an integer >= 1, got ${byId<HTMLInputElement>('conformance-runs').value}`;
    return setState('conformance', 'error');
  }
  setState('conformance', 'running');
  status.textContent = `conformance of ${ready.settings.layer}`;
  try {
    await runConformancePanel(byId('conformance-out'), {
      layer: ready.settings.layer,
      backends: chosenBackends(),
      runs,
      seed: ready.settings.seed,
    });
    status.textContent = `conformance of ${ready.settings.layer} finished`;
    setState('conformance', 'done');
  } catch (e) {
    status.textContent = `conformance failed: ${message(e)}`;
    setState('conformance', 'error');
  }
}

for (const name of LAYER_NAMES) layerSelect.append(new Option(name, name));
layerSelect.value = 'MultiHeadAttention';
layerSelect.addEventListener('change', () => {
  if (isLayerName(layerSelect.value)) showLayer(layerSelect.value);
});
byId('settings').addEventListener('submit', (e) => {
  e.preventDefault();
  void run();
});
byId('export').addEventListener('click', exportModel);
byId('conformance').addEventListener('click', () => void conformance());
window.addEventListener('error', (e) => (status.textContent = `error: ${e.message}`));
window.addEventListener('unhandledrejection', (e) => (status.textContent = `error: ${message(e.reason)}`));
try {
  showLayer('MultiHeadAttention');
  document.body.dataset['ready'] = 'true';
} catch (e) {
  status.textContent = `the page could not start: ${message(e)}`;
}
