/**
 * The settings form of one layer, generated from its declaration: a control per config field and build
 * option (form controls in field-control.ts), a shape box per declared input (with a checkbox for an
 * optional one), and the padding, seed and run count. `read` gives the settings back; `showError` puts a
 * library message next to the control it names, or in the form's general error line.
 */
import { LAYERS, type Field, type LayerName } from '@layerspec/spec';
import { fieldControl, type Control } from './field-control.js';
import type { Settings } from './settings.js';

export interface SettingsForm {
  read(): Settings;
  /** Shows `message` next to the control it names (or the general line); '' clears every error. */
  showError(message: string): void;
}

function fieldset(legend: string): HTMLFieldSetElement {
  const set = document.createElement('fieldset');
  const title = document.createElement('legend');
  title.textContent = legend;
  set.append(title);
  return set;
}

function schemaControls(prefix: string, schema: object, values: Record<string, unknown>): Map<string, Control> {
  const out = new Map<string, Control>();
  for (const [key, field] of Object.entries(schema) as [string, Field<unknown>][]) {
    out.set(key, fieldControl(`${prefix}-${key}`, key, field, values[key]));
  }
  return out;
}

/** A shape box "2, 6, 8" for each declared input; an optional input has a checkbox to give it. */
function inputControl(name: string, dtype: string, shape: number[] | undefined, optional: boolean): Control & { given(): boolean } {
  const field: Field<unknown> = {
    doc: `${dtype} input: its shape, sizes separated by commas${optional ? ' (optional input)' : ''}`,
    parse: (v) => v,
    ...(optional ? { fallback: () => undefined } : { required: true }),
  };
  const control = fieldControl(`input-${name}`, name, field, shape?.join(', ') ?? '');
  const box = control.element.querySelector('input')!;
  box.type = 'text';
  box.inputMode = 'numeric';
  box.placeholder = 'e.g. 2, 6, 8';
  const use = document.createElement('input');
  use.type = 'checkbox';
  use.id = `use-${name}`;
  use.checked = shape !== undefined;
  use.setAttribute('aria-label', `give the input ${name}`);
  if (optional) {
    const label = control.element.querySelector('label')!;
    const head = document.createElement('span');
    head.className = 'head';
    label.replaceWith(head);
    head.append(use, label);
  }
  return { ...control, given: () => !optional || use.checked };
}

function parseShape(name: string, text: unknown): number[] {
  const parts = String(text ?? '')
    .split(/[\s,x×]+/)
    .filter((p) => p !== '');
  const shape = parts.map(Number);
  if (parts.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 0))
    throw new Error(`input '${name}': the shape must be sizes separated by commas, such as 2, 6, 8; got ${JSON.stringify(text ?? '')}`);
  return shape;
}

function numberBox(id: string, label: string, value: number, min: number): { element: HTMLElement; read(): number } {
  const control = fieldControl(id, label, { doc: '', parse: (v) => v, fallback: () => value }, value);
  const box = control.element.querySelector('input')!;
  box.min = String(min);
  box.step = '1';
  control.element.querySelector('small')!.remove();
  const read = (): number => {
    const n = Number(box.value);
    if (box.value.trim() === '' || !Number.isInteger(n) || n < min)
      throw new Error(`${label}: must be an integer >= ${min}, got ${JSON.stringify(box.value)}`);
    return n;
  };
  return { element: control.element, read };
}

export function settingsForm(host: HTMLElement, s: Settings): SettingsForm {
  const declaration = LAYERS[s.layer].declaration;
  const config = schemaControls('config', declaration.config, s.config);
  const build = schemaControls('build', declaration.buildOptions, s.buildOptions);
  // The declared inputs, then any other the starting case gives (a Functional model's, named by its config).
  const declared = declaration.inputs.map((d) => {
    const optional = d.optional === true || d.forState !== undefined || d.forBuildOption !== undefined;
    return [d.name, inputControl(d.name, d.dtype, s.shapes[d.name], optional)] as const;
  });
  const named = Object.keys(s.shapes)
    .filter((name) => !declaration.inputs.some((d) => d.name === name))
    .map((name) => [name, inputControl(name, s.dtypes[name] ?? 'float32', s.shapes[name], false)] as const);
  const inputs = new Map([...declared, ...named]);
  const padding = numberBox('padding', 'padding (masked keys at the end of each mask)', s.padding, 0);
  const seed = numberBox('seed', 'seed (weights and inputs)', s.seed, 0);
  const runs = numberBox('runs', 'timed runs per backend', s.runs, 1);
  const general = document.createElement('p');
  general.id = 'general-error';
  general.className = 'error';
  general.setAttribute('role', 'alert');

  const sets: [string, Iterable<{ element: HTMLElement }>][] = [
    ['Config', config.values()],
    ['Build options', build.values()],
    ['Inputs', inputs.values()],
    ['Data and timing', [padding, seed, runs]],
  ];
  const nodes = sets.map(([legend, controls]) => {
    const set = fieldset(legend);
    for (const c of controls) set.append(c.element);
    if ([...set.children].length === 1) set.append(Object.assign(document.createElement('p'), { textContent: 'none' }));
    return set;
  });
  host.replaceChildren(...nodes, general);

  const given = (controls: Map<string, Control>) =>
    Object.fromEntries([...controls].map(([k, c]) => [k, c.read()] as const).filter(([, v]) => v !== undefined));
  const all = [...config.values(), ...build.values(), ...inputs.values()];
  return {
    read() {
      const shapes: Record<string, number[]> = {};
      for (const [name, c] of inputs) if (c.given()) shapes[name] = parseShape(name, c.read());
      return {
        layer: s.layer as LayerName,
        config: given(config),
        buildOptions: given(build),
        shapes,
        dtypes: s.dtypes,
        padding: padding.read(),
        seed: seed.read(),
        runs: runs.read(),
      };
    },
    showError(message) {
      for (const c of all) c.showError('');
      general.textContent = '';
      if (!message) return;
      const target = [...message.matchAll(/'([^']+)'/g)]
        .map((m) => m[1]!)
        .map((key) =>
          /build option/.test(message) ? build.get(key) : /config/.test(message) ? config.get(key) : (inputs.get(key) ?? config.get(key)),
        )
        .find((c) => c !== undefined);
      if (target) target.showError(message);
      else general.textContent = message;
    },
  };
}
