/**
 * The attention maps of a run: the weights output the layer's facts name, for the backend chosen in a
 * list (batch item 0), one heatmap per head. AttentionWrapper's weights are (batch, steps, memory): its
 * map is steps by memory, with a step slider drawing that step's attention over the memory.
 */
import { LAYER_FACTS } from '@layerspec/conformance';
import { headMaps, heatmap } from './heatmap.js';
import { maskedCells } from './masked.js';
import type { BackendResult } from './run.js';
import type { Settings } from './settings.js';

/** `control` under a label naming it, as one form row. */
export function labelled(id: string, text: string, control: HTMLElement): HTMLElement {
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = text;
  control.id = id;
  const row = document.createElement('div');
  row.className = 'field';
  row.append(label, control);
  return row;
}

function stepSlider(weights: BackendResult['outputs'][string], settings: Settings): HTMLElement {
  const [, steps = 1, memory = 1] = weights.shape;
  const slider = document.createElement('input');
  slider.type = 'range';
  slider.min = '0';
  slider.max = String(steps - 1);
  slider.value = '0';
  const out = document.createElement('output');
  out.id = 'step-output';
  out.htmlFor.add('step');
  const view = document.createElement('div');
  view.id = 'step-map';
  view.className = 'maps';
  const masked = maskedCells(settings, steps, memory);
  const draw = () => {
    const t = Number(slider.value);
    out.textContent = `step ${t + 1} of ${steps}`;
    const row = heatmap(
      weights.data,
      t * memory,
      1,
      memory,
      (_, j) => masked(t, j),
      `step ${t + 1}: attention over ${memory} memory positions`,
    );
    view.replaceChildren(row);
  };
  slider.addEventListener('input', draw);
  draw();
  const box = document.createElement('div');
  box.append(labelled('step', 'step', slider), out, view);
  return box;
}

/** The maps section for these results, or undefined when the layer has no attention weights to show. */
export function mapsSection(settings: Settings, results: readonly BackendResult[]): HTMLElement | undefined {
  const output = LAYER_FACTS[settings.layer].attention?.scores.output;
  const shown = results.filter((r) => output !== undefined && r.outputs[output] !== undefined);
  if (!output || shown.length === 0) return undefined;
  const section = document.createElement('section');
  section.id = 'maps';
  const title = document.createElement('h2');
  title.textContent = `Attention maps (${output}, batch item 0)`;
  const legend = document.createElement('p');
  legend.className = 'legend';
  legend.innerHTML =
    'query rows by key columns; <span class="swatch lo"></span> 0 to <span class="swatch hi"></span> 1, <span class="swatch masked"></span> masked, <span class="swatch leak"></span> masked but weighted (a bug)';
  const select = document.createElement('select');
  for (const r of shown) select.append(new Option(r.backend, r.backend));
  const maps = document.createElement('div');
  maps.className = 'maps';
  const draw = () => {
    const weights = shown.find((r) => r.backend === select.value)!.outputs[output]!;
    const rows = weights.shape[weights.shape.length - 2] ?? 1;
    const cols = weights.shape[weights.shape.length - 1] ?? 1;
    const wrapper = settings.layer === 'AttentionWrapper';
    const figures = headMaps(weights, maskedCells(settings, rows, cols), wrapper ? ['steps', 'memory'] : undefined);
    maps.replaceChildren(...figures);
    if (wrapper) maps.append(stepSlider(weights, settings));
  };
  select.addEventListener('change', draw);
  draw();
  section.append(title, legend, labelled('maps-backend', 'maps from backend', select), maps);
  return section;
}
