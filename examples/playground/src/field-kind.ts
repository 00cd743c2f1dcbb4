/**
 * How a form control reads and shows a field's value: the fixed choices of a field (read from its own
 * "must be one of ..." message, so the form needs nothing beyond the declaration), a value as the text of a
 * box, and a box's text as a value (JSON where it parses, else the string itself, so the library's message
 * can say what is wrong with it).
 */
import type { Field } from '@layerspec/spec';

/** The field's choices, or undefined when it has none. */
export function choicesOf(field: Field<unknown>): unknown[] | undefined {
  try {
    field.parse({});
  } catch (e) {
    const m = /^must be one of (.+), got /.exec(e instanceof Error ? e.message : '');
    if (!m) return undefined;
    try {
      return m[1]!.split(', ').map((c) => JSON.parse(c) as unknown);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export function text(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function parseText(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
