/**
 * The playground page: pick a layer, edit its generated form, choose backends, then Run (table and
 * attention maps), Export ONNX or Run conformance. Every error lands next to the control it names or in
 * the status line; `document.body.dataset` says what the page is doing (for people and for the test).
 */
import { LAYER_NAMES, LAYERS, isLayerName, type LayerName } from '@layerspec/spec';
import { availableBackends, backendPicker } from './backends.js';
import { captionerForm, type CaptionerForm } from './captioner-form.js';
import { captionerMaps } from './captioner-maps.js';
import { loadCaptioner, runCaptioner } from './captioner-run.js';
import { captionText, captionerTable } from './captioner-table.js';
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
/** The Show, Attend and Tell view's form, while that view is shown (the layer list's last entry). */
let captioner: CaptionerForm | undefined;
const CAPTIONER = 'show-attend-tell';

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function setState(key: 'run' | 'conformance', state: 'running' | 'done' | 'error'): void {
  document.body.dataset[key] = state;
  for (const b of [...buttons, layerSelect]) b.disabled = state === 'running';
}

function showLayer(layer: LayerName): void {
  byId('layer-doc').textContent = LAYERS[layer].declaration.doc;
  results.replaceChildren();
  byId('conformance-out').replaceChildren();
  captioner = undefined;
  form = settingsForm(byId('fields'), defaultSettings(layer));
}

function showCaptioner(): void {
  byId('layer-doc').textContent =
    'an image captioner: a convolutional encoder to a 4x4 grid of annotations, an LSTM in an AttentionWrapper attending over them at every word';
  results.replaceChildren();
  byId('conformance-out').replaceChildren();
  form = undefined;
  captioner = captionerForm(byId('fields'), loadCaptioner());
}

/** Captions the chosen example image on the chosen backends, then shows the attention at each word. */
async function runCaptions(view: CaptionerForm): Promise<void> {
  view.showError('');
  setState('run', 'running');
  const backends = chosenBackends();
  try {
    const model = await loadCaptioner().catch((e: unknown) => {
      view.showError(`the captioner did not load: ${message(e)}`);
      throw e;
    });
    const k = view.read();
    const table = captionerTable(model.file.captions[k] ?? '');
    results.replaceChildren(table.element);
    status.textContent = `captioning image ${k + 1} on ${backends.join(', ')}`;
    const rows = await runCaptioner(model, k, backends, (r) => {
      table.add(r);
      status.textContent = `ran ${r.backend}`;
    });
    if (rows.length > 0) results.append(captionerMaps(model.file, k, rows));
    status.textContent = `captioned image ${k + 1} on ${rows.length} backend${rows.length === 1 ? '' : 's'}: ${captionText(rows[0]?.caption.words ?? [])}`;
    setState('run', 'done');
  } catch (e) {
    status.textContent = `the run failed: ${message(e)}`;
    setState('run', 'error');
  }
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
  if (captioner) return runCaptions(captioner);
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
  if (captioner) {
    loadCaptioner().then(
      (c) =>
        (status.textContent = `downloaded show-attend-tell.onnx (${downloadOnnx({ graph: c.graph, weights: c.file.weights }, 'show-attend-tell')} bytes)`),
      (e: unknown) => (status.textContent = `export failed: ${message(e)}`),
    );
    return;
  }
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
  if (captioner) {
    status.textContent = 'the conformance suite checks one layer at a time: pick AttentionWrapper (or another layer) in the list';
    return;
  }
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
const models = document.createElement('optgroup');
models.label = 'trained models';
models.append(new Option('Show, Attend and Tell (AttentionWrapper captioner)', CAPTIONER));
layerSelect.append(models);
layerSelect.value = 'MultiHeadAttention';
layerSelect.addEventListener('change', () => {
  if (layerSelect.value === CAPTIONER) showCaptioner();
  else if (isLayerName(layerSelect.value)) showLayer(layerSelect.value);
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
