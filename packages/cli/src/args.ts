import { LayerspecError } from '@layerspec/spec';
import { echo } from './echo.js';
import { closest } from './did-you-mean.js';
import { FlagValueError, type Flag } from './flags.js';

export { cut, echo, ECHO_LIMIT } from './echo.js';
export { flags, splitList, FlagValueError, type Flag } from './flags.js';

/** Flags of an open family, such as export's `--build-<option> value`: any key after the prefix. */
export interface FlagFamily {
  readonly prefix: string;
  /** What follows the prefix in the help, e.g. `<option> v`. */
  readonly placeholder: string;
  readonly doc: string;
}

/**
 * A command's arguments as data: the parser, the error messages and `--help` all come from it.
 * Adding a flag is one entry in `flags`.
 */
export interface CommandSpec<F extends Readonly<Record<string, Flag<unknown>>>> {
  /** The command after `layerspec`, e.g. `conformance`. */
  readonly name: string;
  /** The one positional argument the command takes, e.g. `<Layer>` (none if absent). */
  readonly positional?: { readonly name: string; readonly doc: string };
  readonly flags: F;
  /** Open families, tried in order after the declared flags (so `--` last catches every other `--key`). */
  readonly families?: readonly FlagFamily[];
  /** Groups of flags of which at most one may be given. */
  readonly exclusive?: readonly (readonly (keyof F & string)[])[];
  /** Text between the usage line and the options. */
  readonly description?: string;
  /** Text after the options. */
  readonly footer?: string;
}

/** A command's declaration, typed so that `exclusive` names its flags. */
export function defineCommand<const F extends Readonly<Record<string, Flag<unknown>>>>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}

export type FlagValues<F> = { -readonly [K in keyof F]: F[K] extends Flag<infer T> ? T : never };

export interface ParsedArgs<F> {
  readonly values: FlagValues<F>;
  /** The positional argument, when the command takes one. */
  readonly positional: string | undefined;
  /** Each family's keys and raw values, by prefix, in the order given. */
  readonly families: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const HELP_FLAGS: readonly string[] = ['--help', '-h'];

/** True when the arguments ask for the command's help (`--help` or `-h` anywhere). */
export function wantsHelp(args: readonly string[]): boolean {
  return args.some((a) => HELP_FLAGS.includes(a));
}

/** The error every bad argument raises: `layerspec <command>: <detail> (layerspec <command> --help ...)`. */
export function argumentError(spec: { readonly name: string }, detail: string): LayerspecError {
  return new LayerspecError(`layerspec ${spec.name}`, `${detail} (layerspec ${spec.name} --help lists the options)`);
}

function flagOf<F extends Readonly<Record<string, Flag<unknown>>>>(spec: CommandSpec<F>, token: string): (keyof F & string) | undefined {
  return Object.keys(spec.flags).find((key) => spec.flags[key]!.names.includes(token));
}

function familyOf<F extends Readonly<Record<string, Flag<unknown>>>>(spec: CommandSpec<F>, token: string): FlagFamily | undefined {
  return spec.families?.find((f) => token.startsWith(f.prefix) && token.length > f.prefix.length);
}

/** A token that can only be a flag, never a value: values never start with `--`. */
function isFlagLike<F extends Readonly<Record<string, Flag<unknown>>>>(spec: CommandSpec<F>, token: string): boolean {
  return token.startsWith('--') || flagOf(spec, token) !== undefined;
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses `args` against `spec`. Throws a LayerspecError naming the flag and what it accepts for an
 * unknown flag (with the closest declared one), a repeated flag that is not repeatable, a missing or
 * bad value, a positional argument where none is taken, a missing required flag, or two exclusive ones.
 */
export function parseArgs<F extends Readonly<Record<string, Flag<unknown>>>>(spec: CommandSpec<F>, args: readonly string[]): ParsedArgs<F> {
  const fail = (detail: string): never => {
    throw argumentError(spec, detail);
  };
  const given = new Map<keyof F & string, { values: string[] }>();
  // Maps, so that keys such as __proto__ are keys like any other.
  const families = new Map<string, Map<string, string>>();
  let positional: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const key = flagOf(spec, token);
    const family = key === undefined ? familyOf(spec, token) : undefined;
    if (key === undefined && family === undefined) {
      if (!token.startsWith('-') && spec.positional && positional === undefined) {
        positional = token;
        continue;
      }
      if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) {
        fail(
          `unexpected argument ${echo(token)}${spec.positional ? ` (the command takes one ${spec.positional.name})` : ' (the command takes only flags)'}`,
        );
      }
      if (token === '--') fail(`unexpected '--': give each option as --name value`);
      const suggestion = closest(
        token,
        Object.values(spec.flags).flatMap((f) => f.names),
      );
      fail(`unknown flag ${echo(token)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`);
    }
    const flag = key === undefined ? undefined : spec.flags[key]!;
    const shown = flag ? flag.names[0] : echo(token);
    if (flag && !flag.takesValue) {
      if (given.has(key!)) fail(`${shown} is given twice`);
      given.set(key!, { values: [] });
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || isFlagLike(spec, value)) {
      fail(
        `${shown} needs a value${flag ? `: ${flag.names[0]} ${flag.placeholder}` : ''}${value === undefined ? '' : `, got the flag ${echo(value)}`}`,
      );
    }
    i++;
    if (family) {
      const name = token.slice(family.prefix.length);
      if (!KEY.test(name))
        fail(`${echo(token)}: ${family.prefix}${family.placeholder.split(' ')[0]} needs a name of letters, digits and _`);
      const seen = families.get(family.prefix) ?? new Map<string, string>();
      if (seen.has(name)) fail(`${echo(token)} is given twice`);
      families.set(family.prefix, seen.set(name, value!));
      continue;
    }
    const entry = given.get(key!);
    if (entry && !flag!.repeatable) fail(`${shown} is given twice (${echo(entry.values[0] ?? '')} and ${echo(value!)}); give it once`);
    if (entry) entry.values.push(value!);
    else given.set(key!, { values: [value!] });
  }
  if (spec.positional && positional === undefined) fail(`name the ${spec.positional.name}: ${spec.positional.doc}`);
  for (const group of spec.exclusive ?? []) {
    const both = group.filter((k) => given.has(k));
    if (both.length > 1) fail(`give ${both.map((k) => spec.flags[k]!.names[0]).join(' or ')}, not both`);
  }
  const values: Partial<Record<keyof F, unknown>> = {};
  for (const key of Object.keys(spec.flags) as (keyof F & string)[]) {
    const flag = spec.flags[key]!;
    const entry = given.get(key);
    if (!entry && flag.required) fail(`${flag.names[0]} ${flag.placeholder} is required: ${flag.doc.split('\n')[0]}`);
    try {
      values[key] = flag.read(entry?.values ?? [], entry !== undefined);
    } catch (error) {
      if (error instanceof FlagValueError) fail(`${flag.names[0]}${error.message.startsWith(':') ? '' : ' '}${error.message}`);
      throw error;
    }
  }
  // Every key of F was assigned above.
  return {
    values: values as FlagValues<F>,
    positional,
    families: Object.fromEntries([...families].map(([prefix, keys]) => [prefix, Object.fromEntries(keys)])),
  };
}

export { usageOf } from './help.js';
