import { LayerspecError, layerClassNames } from '@layerspec/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_SPEC, resolveConformanceArgs } from './conformance-command.js';
import { CONVERT_SPEC, parseConvertArgs } from './convert-command.js';
import { EXPORT_SPEC, parseExportArgs } from './export-command.js';
import { TOUR_SPEC, parseTourArgs } from './tour-command.js';

/**
 * Random argument lists against every command's parser: whatever comes in, the parser returns
 * well-formed options or throws a one-line LayerspecError, quickly. `FUZZ_RUNS=100000` goes deeper.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const CASE_MS = 1000;
const REGISTERED = ['ref', 'tfjs-cpu', 'tfjs-wasm', 'onnx-web', 'onnx-node'];

/** Tokens a user (or an attacker) might type, weighted towards the command's own flag names. */
function token(flagNames: readonly string[], words: readonly string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    fc.constantFrom(...words, 'batch', 'seq', 'a', '-', '--', '-1', '0', '1', '3:0:1', '', '__proto__', 'constructor', 'toString'),
    fc.integer({ min: -1e6, max: 1e6 }).map(String),
    fc.double().map(String),
    fc.string({ maxLength: 12 }),
  );
  return fc.oneof(
    { arbitrary: fc.constantFrom(...flagNames), weight: 6 },
    { arbitrary: piece, weight: 4 },
    { arbitrary: fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join(',')), weight: 2 },
    { arbitrary: fc.tuple(piece, piece).map(([k, v]) => `${k}=${v}`), weight: 2 },
    {
      arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.array(piece, { maxLength: 4 })).map(([k, d]) => `${k}=${d.join(',')}`),
      weight: 2,
    },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('x', '7', '-', ',', '=', '1,'), fc.integer({ min: 200, max: 20_000 }))
        .map(([s, n]) => s.repeat(n)),
      weight: 1,
    },
    { arbitrary: fc.string({ maxLength: 10 }).map((s) => `--${s}`), weight: 2 },
  );
}

/** Lists of tokens with repeats: a flag drawn once is often drawn again. */
function argumentLists(
  flagNames: readonly string[],
  words: readonly string[],
  head: fc.Arbitrary<string[]> = fc.constant([]),
): fc.Arbitrary<string[]> {
  return fc
    .tuple(head, fc.array(token(flagNames, words), { maxLength: 14 }), fc.nat())
    .map(([h, rest, n]) => (rest.length > 0 && n % 3 === 0 ? [...h, ...rest, ...rest.slice(0, 2)] : [...h, ...rest]));
}

function namesOf(spec: { readonly flags: Readonly<Record<string, { readonly names: readonly string[] }>> }): string[] {
  return Object.values(spec.flags).flatMap((f) => [...f.names]);
}

/** Runs `parse` on random argument lists: a result passes `check`, an error is a short one-line LayerspecError. */
function fuzz<T>(args: fc.Arbitrary<string[]>, parse: (args: readonly string[]) => T, check: (value: T) => void): void {
  fc.assert(
    fc.property(args, (argv) => {
      const start = performance.now();
      let value: T;
      try {
        value = parse(argv);
      } catch (error) {
        if (!(error instanceof LayerspecError)) throw new Error(`not a LayerspecError: ${String(error)}`, { cause: error });
        expect(error.message).not.toContain('\n');
        expect(error.message.length).toBeLessThan(1200);
        return;
      } finally {
        expect(performance.now() - start).toBeLessThan(CASE_MS);
      }
      check(value);
    }),
    { numRuns: RUNS },
  );
}

const isDim = (d: unknown) =>
  typeof d === 'number' ? Number.isSafeInteger(d) && d >= 1 : typeof d === 'string' && /^[A-Za-z_]\w*$/.test(d);

describe('the argument parsers under random arguments', () => {
  it('export: options or a LayerspecError', () => {
    const layers = layerClassNames();
    const head = fc.oneof(
      fc.constantFrom(...layers).map((l) => [l]),
      fc.constant<string[]>([]),
    );
    const flagNames = [...namesOf(EXPORT_SPEC), '--units', '--numHeads', '--keyDim', '--build-useCausalMask', '--build-', '--input'];
    fuzz(argumentLists(flagNames, ['query', 'inputs', 'q=batch,-3,8', 'true', '17', '23'], head), parseExportArgs, (a) => {
      expect(layers).toContain(a.className);
      expect(a.out).not.toBe('');
      expect(Number.isInteger(a.seed) && a.seed >= 0).toBe(true);
      expect([17, 23]).toContain(a.opset);
      for (const dims of Object.values(a.inputs)) expect(dims.length > 0 && dims.every(isDim)).toBe(true);
    });
  });

  it('convert: options or a LayerspecError', () => {
    const head = fc.constantFrom<string[]>(['w.safetensors'], ['w.json'], ['m.keras'], ['w.txt'], []);
    const flagNames = [...namesOf(CONVERT_SPEC), '--units', '--numHeads', '--keyDim'];
    const values = ['torch', 'layerspec', 'Dense', 'MultiHeadAttention', 'x.safetensors', 'x.json', 'x.h5', '4', 'layers/dense'];
    fuzz(argumentLists(flagNames, values, head), parseConvertArgs, (a) => {
      expect(a.input).not.toBe('');
      expect(['safetensors', 'json']).toContain(a.format);
      if (a.to === 'torch' || a.from === 'torch') expect(a.from === a.to && !/\.(h5|keras)$/.test(a.input)).toBe(false);
      if (a.to === 'torch') expect(a.layer).toBeDefined();
    });
  });

  it('conformance: options or a LayerspecError', () => {
    fuzz(
      argumentLists(namesOf(CONFORMANCE_SPEC), [...REGISTERED, 'onnx-web@23', 'RNN', 'LayerNormalization']),
      (a) => resolveConformanceArgs(a, REGISTERED),
      (a) => {
        expect(a.targets.length).toBeGreaterThan(0);
        expect(Number.isInteger(a.runs) && a.runs >= 1).toBe(true);
        if (a.seed !== undefined) expect(Number.isInteger(a.seed)).toBe(true);
        if (a.path !== undefined) expect(a.path).toMatch(/^\d+(:\d+)*$/);
        if (a.layers) expect(a.layers.length).toBeGreaterThan(0);
      },
    );
  });

  it('tour: options or a LayerspecError', () => {
    fuzz(
      argumentLists(namesOf(TOUR_SPEC), [...REGISTERED, 'RNN', 'LSTMCell']),
      (a) => parseTourArgs(a, REGISTERED),
      (o) => {
        expect(o.outDir).not.toBe('');
        expect(o.backends.every((b) => REGISTERED.includes(b))).toBe(true);
        if (o.layers) expect(o.layers.length).toBeGreaterThan(0);
      },
    );
  });
});
