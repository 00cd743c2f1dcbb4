/**
 * One form control generated from a declared config field or build option: a checkbox for a boolean, a
 * number box for a number, a list for a field with fixed choices (read from the field's own "must be one
 * of ..." message), and a JSON text box for anything else (an initializer, a list of axes, a sub-layer).
 * Its doc is the help text; its error line shows the library's message for it.
 */
import type { Field } from '@layerspec/spec';
import { choicesOf, parseText, text } from './field-kind.js';

export interface Control {
  readonly id: string;
  readonly element: HTMLElement;
  /** The value given, or undefined to leave the key out (its default applies). */
  read(): unknown;
  showError(message: string): void;
}

function input(id: string, field: Field<unknown>, value: unknown): { control: HTMLInputElement | HTMLSelectElement; read(): unknown } {
  const example = value ?? field.fallback?.();
  const choices = choicesOf(field);
  if (choices) {
    const select = document.createElement('select');
    const options = field.required ? choices : [undefined, ...choices];
    for (const c of options) select.append(new Option(c === undefined ? '(default)' : JSON.stringify(c), JSON.stringify(c ?? null)));
    select.value = JSON.stringify(value ?? null);
    return { control: select, read: () => JSON.parse(select.value) ?? undefined };
  }
  const box = document.createElement('input');
  box.id = id;
  if (typeof example === 'boolean') {
    box.type = 'checkbox';
    box.checked = example;
    return { control: box, read: () => box.checked };
  }
  if (typeof example === 'number') {
    box.type = 'number';
    box.step = 'any';
    box.value = value === undefined ? '' : String(value);
    box.placeholder = text(field.fallback?.());
    return { control: box, read: () => (box.value.trim() === '' ? undefined : Number(box.value)) };
  }
  box.type = 'text';
  box.value = text(value);
  box.placeholder = text(field.fallback?.()) || 'JSON';
  box.spellcheck = false;
  return { control: box, read: () => parseText(box.value) };
}

/** A labelled control with its help text and error line, `id` unique in the page. */
export function fieldControl(id: string, key: string, field: Field<unknown>, value: unknown): Control {
  const { control, read } = input(id, field, value);
  control.id = id;
  const row = document.createElement('div');
  row.className = control instanceof HTMLInputElement && control.type === 'checkbox' ? 'field check' : 'field';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = field.required ? `${key} (required)` : key;
  const help = document.createElement('small');
  help.id = `${id}-help`;
  help.textContent = field.doc;
  const error = document.createElement('p');
  error.id = `${id}-error`;
  error.className = 'error';
  error.setAttribute('role', 'alert');
  control.setAttribute('aria-describedby', `${help.id} ${error.id}`);
  row.append(label, control, help, error);
  return {
    id,
    element: row,
    read,
    showError(message) {
      error.textContent = message;
      control.setAttribute('aria-invalid', message ? 'true' : 'false');
    },
  };
}
