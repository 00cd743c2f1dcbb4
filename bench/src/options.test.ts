import { LayerspecError } from '@layerspec/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BENCH_SPEC, BENCH_USAGE, parseBenchArgs } from './options.js';
import { BACKENDS, CASE_IDS, PASSES } from './types.js';

describe('bench options', () => {
  it('selects every case, backend and default pass when given nothing', () => {
    const o = parseBenchArgs([]);
    expect(o.cases).toEqual(['mha', 'mha-long', 'mha-decode', 'layernorm', 'attention-wrapper']);
    expect(o.backends).toEqual(['ref', 'tfjs-cpu', 'tfjs-wasm', 'onnx-web', 'onnx-node']);
    expect(o.passes).toBeUndefined();
    expect(o.memory).toBe(true);
  });

  it('reads lists, sizes, runs, json and --no-memory', () => {
    const o = parseBenchArgs([
      '--layers',
      'layernorm,mha',
      '--backends',
      'onnx-web',
      '--sizes',
      'batch=2,seq=16',
      '--passes',
      'forward',
      '--runs',
      '3',
      '--json',
      'b.json',
      '--no-memory',
    ]);
    expect(o).toEqual({
      cases: ['mha', 'layernorm'],
      backends: ['onnx-web'],
      passes: ['forward'],
      sizes: { batch: 2, seq: 16 },
      runs: 3,
      json: 'b.json',
      memory: false,
    });
  });

  it('names what is wrong', () => {
    expect(() => parseBenchArgs(['--layers', 'lstm'])).toThrow(
      "--layers: unknown 'lstm' (one of mha, mha-long, mha-decode, layernorm, attention-wrapper)",
    );
    expect(() => parseBenchArgs(['--layers', 'layernorm', '--sizes', 'heads=4'])).toThrow(
      "--sizes: no selected case has a size 'heads' (sizes: batch, seq, model)",
    );
    expect(() => parseBenchArgs(['--sizes', 'batch=0'])).toThrow("--sizes batch takes an integer from 1 to 2147483647, got '0'");
    expect(() => parseBenchArgs(['--sizes', 'batch'])).toThrow(
      "--sizes takes name=value,... (a name of letters, digits and _, then =), got 'batch'",
    );
    expect(() => parseBenchArgs(['--runs'])).toThrow('--runs needs a value');
    expect(() => parseBenchArgs(['--suite', 'ref'])).toThrow("unknown flag '--suite'");
  });

  it('rejects what it used to let through: repeats, empty lists, loose numbers, an unwritable --json', () => {
    expect(() => parseBenchArgs(['--runs', '3', '--runs', '4'])).toThrow("--runs is given twice ('3' and '4'); give it once");
    expect(() => parseBenchArgs(['--no-memory', '--no-memory'])).toThrow('--no-memory is given twice');
    expect(() => parseBenchArgs(['--runs', '1e1'])).toThrow("--runs takes an integer from 1 to 1000000, got '1e1'");
    expect(() => parseBenchArgs(['--layers', ','])).toThrow('--layers needs at least one item');
    expect(() => parseBenchArgs(['--sizes', 'batch=2,batch=3'])).toThrow("--sizes gives 'batch' twice");
    expect(() => parseBenchArgs(['--backends', 'onnx-webb'])).toThrow("--backends: unknown 'onnx-webb' (did you mean onnx-web?)");
    expect(() => parseBenchArgs(['--json', '.'])).toThrow("--json cannot write '.'");
    expect(() => parseBenchArgs(['layernorm'])).toThrow("unexpected argument 'layernorm' (the command takes only flags)");
  });

  it('has its --help generated from the same declarations', () => {
    expect(BENCH_USAGE).toMatch(/^usage: layerspec bench \[--layers mha,mha-long,mha-decode,layernorm,attention-wrapper\]/);
    for (const flag of Object.values(BENCH_SPEC.flags)) expect(BENCH_USAGE).toContain(`  ${flag.names[0]}`);
    expect(BENCH_USAGE).toContain('  layernorm          batch=8,seq=512,model=512');
  });

  it('returns options or throws a one-line LayerspecError for random arguments (FUZZ_RUNS for more)', () => {
    const names = Object.values(BENCH_SPEC.flags).flatMap((f) => [...f.names]);
    const word = fc.oneof(
      fc.constantFrom(...names, ...CASE_IDS, ...BACKENDS, ...PASSES, 'batch=2', 'seq=0', 'x=1,', '', ',', '-1', '--'),
      fc.integer({ min: -1e6, max: 1e6 }).map(String),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.array(fc.constantFrom(...CASE_IDS, 'batch=3', 'a', '', '='), { maxLength: 4 }).map((p) => p.join(',')),
      fc.integer({ min: 200, max: 10_000 }).map((n) => '='.repeat(n)),
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 3 }, { arbitrary: word, weight: 3 }), { maxLength: 14 }),
        (args) => {
          let o: ReturnType<typeof parseBenchArgs>;
          try {
            o = parseBenchArgs(args);
          } catch (error) {
            if (!(error instanceof LayerspecError)) throw new Error(`not a LayerspecError: ${String(error)}`, { cause: error });
            expect(error.message).not.toContain('\n');
            expect(error.message.length).toBeLessThan(1200);
            return;
          }
          expect(o.cases.length).toBeGreaterThan(0);
          expect(o.backends.length).toBeGreaterThan(0);
          if (o.runs !== undefined) expect(Number.isInteger(o.runs) && o.runs >= 1).toBe(true);
          for (const v of Object.values(o.sizes)) expect(Number.isInteger(v) && v >= 1).toBe(true);
        },
      ),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 300) },
    );
  });
});
