import { LayerspecError, echo } from '../errors.js';
import { initializerProblem } from '../init/check.js';
import type { InitializerLike, InitializerSpec } from '../init/spec.js';

/** Parses one config field: returns the value, or throws a message fragment. */
export interface Field<T> {
  readonly doc: string;
  /** The value used when the key is absent; `required` fields have none. */
  readonly fallback?: () => T;
  readonly required?: boolean;
  parse(value: unknown): T;
}

export type ConfigSchema<C> = { readonly [K in keyof C]-?: Field<C[K]> };

/** Thrown by a field's parser; `parseConfig` prefixes it with the layer and the key. */
export class FieldError extends Error {}

function field<T>(doc: string, parse: (v: unknown) => T, fallback?: () => T): Field<T> {
  return fallback ? { doc, parse, fallback } : { doc, parse, required: true };
}

export const fields = {
  int(doc: string, opts: { min?: number; default?: number } = {}): Field<number> {
    return field(
      doc,
      (v) => {
        if (typeof v !== 'number' || !Number.isInteger(v)) throw new FieldError(`must be an integer, got ${JSON.stringify(v)}`);
        if (opts.min !== undefined && v < opts.min) throw new FieldError(`must be >= ${opts.min}, got ${v}`);
        return v;
      },
      opts.default === undefined ? undefined : () => opts.default!,
    );
  },
  number(doc: string, opts: { min?: number; max?: number; below?: number; positive?: boolean; default?: number } = {}): Field<number> {
    return field(
      doc,
      (v) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new FieldError(`must be a finite number, got ${JSON.stringify(v)}`);
        if (opts.min !== undefined && v < opts.min) throw new FieldError(`must be >= ${opts.min}, got ${v}`);
        if (opts.below !== undefined && v >= opts.below) throw new FieldError(`must be < ${opts.below}, got ${v}`);
        if (opts.positive && v <= 0) throw new FieldError(`must be > 0, got ${v}`);
        return v;
      },
      opts.default === undefined ? undefined : () => opts.default!,
    );
  },
  bool(doc: string, fallback: boolean): Field<boolean> {
    return field(
      doc,
      (v) => {
        if (typeof v !== 'boolean') throw new FieldError(`must be true or false, got ${JSON.stringify(v)}`);
        return v;
      },
      () => fallback,
    );
  },
  oneOf<const T extends string | boolean>(doc: string, choices: readonly T[], fallback?: T): Field<T> {
    return field(
      doc,
      (v) => {
        const hit = choices.find((c) => c === v);
        if (hit === undefined)
          throw new FieldError(`must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(v)}`);
        return hit;
      },
      fallback === undefined ? undefined : () => fallback,
    );
  },
  axes(doc: string, fallback: number | number[]): Field<number | number[]> {
    return field(
      doc,
      (v) => {
        if (Number.isInteger(v)) return v as number;
        if (Array.isArray(v) && v.length > 0 && v.every((a) => Number.isInteger(a))) return v.map(Number);
        throw new FieldError(`must be an integer or a non-empty list of integers, got ${JSON.stringify(v)}`);
      },
      () => fallback,
    );
  },
  initializer(doc: string, fallback: InitializerLike): Field<InitializerLike> {
    return field(
      doc,
      (v) => parseInitializer(v),
      () => fallback,
    );
  },
  /** A field that may be absent (undefined) with no default. */
  optional<T>(inner: Field<T>): Field<T | undefined> {
    return { doc: inner.doc, parse: (v) => (v === undefined || v === null ? undefined : inner.parse(v)), fallback: () => undefined };
  },
};

const INIT_NAMES = ['zeros', 'ones', 'glorotUniform', 'orthogonal'] as const;

function parseInitializer(v: unknown): InitializerLike {
  const name = INIT_NAMES.find((n) => n === v);
  if (name) return name;
  if (typeof v === 'object' && v !== null && 'name' in v) {
    const problem = initializerProblem(v);
    if (problem) throw new FieldError(problem);
    return v as InitializerSpec;
  }
  throw new FieldError(
    `must be one of ${INIT_NAMES.join(', ')} or an initializer spec such as { name: 'constant', value: 0.5 }, got ${echo(v)}`,
  );
}

/** What a schema parses: a layer's 'config', or its 'build option's. */
export type SchemaKind = 'config' | 'build option';

/**
 * Applies defaults and checks every key; an unknown key is an error that lists the known ones. `kind`
 * names what is parsed in the error messages.
 */
export function parseConfig<C>(className: string, schema: ConfigSchema<C>, given: object, kind: SchemaKind = 'config'): C {
  const known = Object.keys(schema);
  for (const key of Object.keys(given)) {
    if (!known.includes(key)) {
      const accepted = known.length > 0 ? `known: ${known.join(', ')}` : `${className} has no ${kind}s`;
      throw new LayerspecError(className, `unknown ${kind === 'config' ? 'config key' : kind} '${key}' (${accepted})`);
    }
  }
  const input: Record<string, unknown> = { ...given };
  const out: Partial<Record<keyof C, unknown>> = {};
  for (const key of Object.keys(schema) as (keyof C & string)[]) {
    const f: Field<unknown> = schema[key];
    const raw = input[key];
    if (raw === undefined) {
      if (!f.fallback) throw new LayerspecError(className, `${kind} '${key}' is required (${f.doc})`);
      out[key] = f.fallback();
      continue;
    }
    try {
      out[key] = f.parse(raw);
    } catch (e) {
      if (e instanceof FieldError) throw new LayerspecError(className, `${kind} '${key}' ${e.message}`);
      throw e;
    }
  }
  return out as C;
}
