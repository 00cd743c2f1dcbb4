import { closest } from './did-you-mean.js';
import { cut, echo } from './echo.js';
import { unwritableReason } from './paths.js';

/** Thrown by a flag's reader; the parser prefixes the flag's name and raises a LayerspecError. */
export class FlagValueError extends Error {}

/** One declared flag: what the parser, its errors and the generated `--help` know about it. */
export interface Flag<T> {
  /** The canonical name first (`--out`), then aliases (`-o`). */
  readonly names: readonly [string, ...string[]];
  /** The value's form in the help (`N`, `a,b`, `file`); empty for a switch. */
  readonly placeholder: string;
  readonly doc: string;
  readonly takesValue: boolean;
  readonly repeatable: boolean;
  readonly required: boolean;
  /** The default as the help shows it. */
  readonly defaultText: string | undefined;
  /** The value from the texts given after each occurrence (none when the flag is absent). */
  read(texts: readonly string[], present: boolean): T;
}

export interface FlagOptions {
  readonly names: string | readonly [string, ...string[]];
  readonly placeholder: string;
  readonly doc: string;
}

interface Defaulted<T> {
  readonly default?: T;
  readonly required?: boolean;
}

const bad = (detail: string): never => {
  throw new FlagValueError(detail);
};

function single<T>(o: FlagOptions & Defaulted<T>, parse: (text: string) => T, defaultText?: string): Flag<T | undefined> {
  return {
    names: typeof o.names === 'string' ? [o.names] : o.names,
    placeholder: o.placeholder,
    doc: o.doc,
    takesValue: true,
    repeatable: false,
    required: o.required === true,
    defaultText: defaultText ?? (o.default === undefined ? undefined : String(o.default)),
    read: (texts) => (texts.length === 0 ? o.default : parse(texts[0]!)),
  };
}

interface StringOptions extends FlagOptions, Defaulted<string> {
  /** Accepted values: the pattern and how the help and errors describe it. */
  readonly pattern?: { readonly test: RegExp; readonly form: string };
  /** A further check, run while parsing (e.g. that an output file can be written); throws FlagValueError. */
  readonly check?: (value: string) => void;
}

interface IntOptions extends FlagOptions, Defaulted<number> {
  readonly min?: number;
  readonly max?: number;
}

interface ChoiceOptions<T extends string> extends FlagOptions, Defaulted<T> {
  readonly choices: readonly T[];
}

interface ListOptions<T extends string> extends FlagOptions {
  /** The accepted items, in their canonical order (the value keeps that order); any item when absent. */
  readonly allowed?: readonly T[];
}

interface KeyedOptions<V> extends FlagOptions {
  /** Several key=value pairs in one value, split at this (`--sizes a=1,b=2`); else the flag repeats, one pair each. */
  readonly separator?: string;
  readonly value: (text: string, key: string) => V;
}

function string(o: StringOptions & ({ readonly default: string } | { readonly required: true })): Flag<string>;
function string(o: StringOptions): Flag<string | undefined>;
function string(o: StringOptions): Flag<string | undefined> {
  return single(o, (text) => {
    if (text === '') bad(`needs a non-empty ${o.placeholder}`);
    if (o.pattern && !o.pattern.test.test(text)) bad(`takes ${o.pattern.form}, got ${echo(text)}`);
    o.check?.(text);
    return text;
  });
}

const INTEGER = /^-?\d+$/;

function int(o: IntOptions & ({ readonly default: number } | { readonly required: true })): Flag<number>;
function int(o: IntOptions): Flag<number | undefined>;
function int(o: IntOptions): Flag<number | undefined> {
  const min = o.min ?? Number.MIN_SAFE_INTEGER;
  const max = o.max ?? Number.MAX_SAFE_INTEGER;
  const form = o.max === undefined ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return single(o, (text) => {
    const n = INTEGER.test(text) ? Number(text) : Number.NaN;
    if (!(n >= min && n <= max)) bad(`takes ${form}, got ${echo(text)}`);
    return n === 0 ? 0 : n;
  });
}

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function number(o: IntOptions & ({ readonly default: number } | { readonly required: true })): Flag<number>;
function number(o: IntOptions): Flag<number | undefined>;
function number(o: IntOptions): Flag<number | undefined> {
  const min = o.min ?? -Number.MAX_VALUE;
  const max = o.max ?? Number.MAX_VALUE;
  return single(o, (text) => {
    const n = DECIMAL.test(text) ? Number(text) : Number.NaN;
    if (!(n >= min && n <= max)) bad(`takes a number from ${min} to ${max}, got ${echo(text)}`);
    return n;
  });
}

function choice<T extends string>(o: ChoiceOptions<T> & ({ readonly default: T } | { readonly required: true })): Flag<T>;
function choice<T extends string>(o: ChoiceOptions<T>): Flag<T | undefined>;
function choice<T extends string>(o: ChoiceOptions<T>): Flag<T | undefined> {
  return single(o, (text) => o.choices.find((c) => c === text) ?? bad(`takes ${o.choices.join(' or ')}, got ${echo(text)}`));
}

/** Splits a comma-separated value: trimmed items, none empty, none twice, each one of `allowed`. */
export function splitList<T extends string>(text: string, placeholder: string, allowed: readonly T[]): T[];
export function splitList(text: string, placeholder: string): string[];
export function splitList(text: string, placeholder: string, allowed?: readonly string[]): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) bad(`needs at least one item: ${placeholder}${allowed ? ` from ${allowed.join(', ')}` : ''}`);
  items.forEach((item, i) => {
    if (item === '') bad(`has an empty item (comma-separated, as in ${placeholder}), got ${echo(text)}`);
    if (items.indexOf(item) !== i) bad(`names ${echo(item)} twice`);
    if (allowed && !allowed.includes(item)) {
      const near = closest(item, allowed);
      bad(`: unknown ${echo(item)}${near ? ` (did you mean ${near}?)` : ''} (one of ${allowed.join(', ')})`);
    }
  });
  return allowed ? allowed.filter((a) => items.includes(a)) : items;
}

function list<T extends string>(o: ListOptions<T> & { readonly allowed: readonly T[] }): Flag<T[] | undefined>;
function list(o: ListOptions<string>): Flag<string[] | undefined>;
function list(o: ListOptions<string>): Flag<string[] | undefined> {
  return single({ ...o }, (text) => (o.allowed ? splitList(text, o.placeholder, o.allowed) : splitList(text, o.placeholder)));
}

/** `key=value` pairs into a record: each key once, non-empty, values read by `o.value`. */
function keyed<V>(o: KeyedOptions<V>): Flag<Record<string, V>> {
  const read = (texts: readonly string[]): Record<string, V> => {
    const out = new Map<string, V>();
    const pairs = o.separator === undefined ? texts : texts.flatMap((t) => t.split(o.separator!).filter((s) => s !== ''));
    if (texts.length > 0 && pairs.length === 0) bad(`needs at least one ${o.placeholder}`);
    for (const pair of pairs) {
      const at = pair.indexOf('=');
      const key = at < 0 ? '' : pair.slice(0, at);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) bad(`takes ${o.placeholder} (a name of letters, digits and _, then =), got ${echo(pair)}`);
      if (out.has(key)) bad(`gives ${echo(key)} twice`);
      out.set(key, o.value(pair.slice(at + 1), key));
    }
    // fromEntries defines each key as an own property, also __proto__.
    return Object.fromEntries(out);
  };
  return {
    names: typeof o.names === 'string' ? [o.names] : o.names,
    placeholder: o.placeholder,
    doc: o.doc,
    takesValue: true,
    repeatable: o.separator === undefined,
    required: false,
    defaultText: undefined,
    read,
  };
}

/** A flag without a value: true when given. */
function toggle(o: Omit<FlagOptions, 'placeholder'>): Flag<boolean> {
  return {
    names: typeof o.names === 'string' ? [o.names] : o.names,
    placeholder: '',
    doc: o.doc,
    takesValue: false,
    repeatable: false,
    required: false,
    defaultText: undefined,
    read: (_texts, present) => present,
  };
}

/** A `check` for flags naming a file to write: fails while parsing when it cannot be written. */
export function writable(path: string): void {
  const reason = unwritableReason(path, 'file');
  if (reason !== undefined) bad(`cannot write ${echo(path)}: ${cut(reason)}`);
}

/** A `check` for flags naming a folder to write files in. */
export function writableFolder(path: string): void {
  const reason = unwritableReason(path, 'folder');
  if (reason !== undefined) bad(`cannot write in ${echo(path)}: ${cut(reason)}`);
}

/** The kinds of flag a command declares; see `CommandSpec`. */
export const flags = { string, int, number, choice, list, keyed, toggle, writable, writableFolder, fail: bad };
