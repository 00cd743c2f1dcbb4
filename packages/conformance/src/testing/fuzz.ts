/** Shared pieces of the fuzz suites: the run count, a time bound per case, and JSON mutation. */
import fc from 'fast-check';
import { expect } from 'vitest';
import { LayerspecError } from '@layerspec/spec';

/** Cases per property: a quick pass in `npm test`; FUZZ_RUNS=100000 for a deep one. */
export const FUZZ_RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);

/** The longest one case may take (a hang is a failure, not a wait). */
export const CASE_LIMIT_MS = 2000;

/** Runs `fn`; passes when it returns or throws a LayerspecError within CASE_LIMIT_MS, fails otherwise. */
export function onlyLayerspecErrors(fn: () => unknown): void {
  const start = performance.now();
  try {
    fn();
  } catch (e) {
    if (!(e instanceof LayerspecError))
      throw new Error(
        `threw ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n') ?? ''}` : String(e)}`,
        { cause: e },
      );
  }
  expect(performance.now() - start).toBeLessThan(CASE_LIMIT_MS);
}

/** Every path into a JSON value (object keys and array indices), the root first. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

/** A deep copy of `doc` with the value at one of its paths replaced (or deleted, for `undefined`). */
function mutate(doc: unknown, pick: number, replacement: unknown): unknown {
  const all = paths(doc);
  const path = all[pick % all.length]!;
  if (path.length === 0) return replacement;
  const copy: unknown = structuredClone(doc);
  let at: unknown = copy;
  for (const key of path.slice(0, -1)) at = (at as Record<string | number, unknown>)[key];
  const last = path[path.length - 1]!;
  const parent = at as Record<string | number, unknown>;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

/** Values that stress a checker: huge, negative, fractional, non-finite numbers, odd strings, nesting. */
export const hostile = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(
      undefined,
      null,
      NaN,
      Infinity,
      -Infinity,
      -1,
      0,
      1.5,
      1e5,
      1e9,
      2 ** 53,
      -0,
      '',
      '17',
      'float32',
      'bool',
      [],
      {},
      [1e5, 1e5],
      [-1],
    ),
    fc.string(),
  );

/** Valid documents with one value somewhere replaced by a hostile one, repeated `depth` times. */
export function mutated(valid: readonly unknown[], depth = 3): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), hostile()), { minLength: 1, maxLength: depth }))
    .map(([doc, edits]) => edits.reduce<unknown>((d, [pick, value]) => mutate(d, pick, value), doc));
}
