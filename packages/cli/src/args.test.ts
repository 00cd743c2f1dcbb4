import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayerspecError } from '@layerspec/spec';
import { afterAll, describe, expect, it } from 'vitest';
import { ECHO_LIMIT, defineCommand, echo, flags, parseArgs, usageOf, wantsHelp } from './args.js';
import { closest, editDistance } from './did-you-mean.js';
import { unwritableReason } from './paths.js';

const dir = mkdtempSync(join(tmpdir(), 'layerspec-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPEC = defineCommand({
  name: 'demo',
  positional: { name: '<Thing>', doc: 'the thing to demo' },
  families: [{ prefix: '--set-', placeholder: '<key> v', doc: 'a setting' }],
  flags: {
    count: flags.int({ names: '--count', placeholder: 'N', doc: 'how many', min: 1, max: 9, default: 3 }),
    seed: flags.int({ names: '--seed', placeholder: 'S', doc: 'a seed', min: -100, max: 100 }),
    kinds: flags.list({ names: '--kinds', placeholder: 'a,b', doc: 'kinds', allowed: ['red', 'green', 'blue'] }),
    pairs: flags.keyed({ names: '--pair', placeholder: 'k=v', doc: 'a pair', value: (v) => v }),
    out: flags.string({ names: ['-o', '--out'], placeholder: 'file', doc: 'where', required: true }),
    other: flags.string({ names: '--other', placeholder: 'file', doc: 'instead of --out' }),
    quiet: flags.toggle({ names: '--quiet', doc: 'say less' }),
  },
  exclusive: [['seed', 'other']],
});

const parse = (...args: string[]) => parseArgs(SPEC, ['Box', '-o', 'f', ...args]);

describe('parseArgs', () => {
  it('reads every kind of flag, with defaults for the absent ones', () => {
    const p = parseArgs(SPEC, [
      '--count',
      '2',
      'Box',
      '--kinds',
      'blue, red',
      '--pair',
      'a=1',
      '--pair',
      'b=x=y',
      '--set-mode',
      'fast',
      '--out',
      'f',
      '--seed',
      '-3',
      '--quiet',
    ]);
    expect(p.positional).toBe('Box');
    expect(p.values).toEqual({
      count: 2,
      seed: -3,
      kinds: ['red', 'blue'],
      pairs: { a: '1', b: 'x=y' },
      out: 'f',
      other: undefined,
      quiet: true,
    });
    expect(p.families).toEqual({ '--set-': { mode: 'fast' } });
    expect(parse().values).toMatchObject({ count: 3, seed: undefined, kinds: undefined, pairs: {}, quiet: false });
  });

  it('rejects an unknown flag, suggesting the closest declared one', () => {
    expect(() => parse('--cuont', '2')).toThrow(
      "layerspec demo: unknown flag '--cuont' (did you mean --count?) (layerspec demo --help lists the options)",
    );
    expect(() => parse('--Quiet')).toThrow('(did you mean --quiet?)');
    expect(() => parse('--zzzzzz', '1')).toThrow(/unknown flag '--zzzzzz' \(layerspec demo --help/);
    expect(() => parse('-x')).toThrow("unknown flag '-x'");
    expect(() => parse('--')).toThrow("unexpected '--'");
  });

  it('rejects a flag given twice unless it repeats, and a key given twice', () => {
    expect(() => parse('--count', '2', '--count', '3')).toThrow("--count is given twice ('2' and '3'); give it once");
    expect(() => parse('--quiet', '--quiet')).toThrow('--quiet is given twice');
    expect(() => parse('--set-a', '1', '--set-a', '2')).toThrow("'--set-a' is given twice");
    expect(() => parse('--pair', 'a=1', '--pair', 'a=2')).toThrow("--pair gives 'a' twice");
    expect(() => parseArgs(SPEC, ['Box', '-o', 'f', '--out', 'g'])).toThrow('-o is given twice');
  });

  it('rejects a missing value, also when a flag stands where the value should be', () => {
    expect(() => parse('--count')).toThrow('--count needs a value: --count N');
    expect(() => parse('--count', '--quiet')).toThrow("--count needs a value: --count N, got the flag '--quiet'");
    expect(() => parse('--set-a')).toThrow("'--set-a' needs a value");
    expect(() => parse('--out', '')).toThrow('-o is given twice');
    expect(() => parseArgs(SPEC, ['Box', '-o', ''])).toThrow('-o needs a non-empty file');
  });

  it('takes one positional where declared and rejects any other', () => {
    expect(() => parse('Crate')).toThrow("unexpected argument 'Crate' (the command takes one <Thing>)");
    expect(() => parse('-3')).toThrow("unexpected argument '-3'");
    expect(() => parseArgs(SPEC, ['-o', 'f'])).toThrow('name the <Thing>: the thing to demo');
    const bare = defineCommand({ name: 'bare', flags: { quiet: flags.toggle({ names: '--quiet', doc: 'q' }) } });
    expect(() => parseArgs(bare, ['x'])).toThrow("unexpected argument 'x' (the command takes only flags)");
  });

  it('checks required flags, exclusive ones and family keys', () => {
    expect(() => parseArgs(SPEC, ['Box'])).toThrow('-o file is required: where');
    expect(() => parse('--seed', '1', '--other', 'g')).toThrow('give --seed or --other, not both');
    expect(() => parse('--set-a b', '1')).toThrow("'--set-a b': --set-<key> needs a name of letters, digits and _");
    expect(() => parse('--set-a-b', '1')).toThrow("'--set-a-b': --set-<key> needs a name");
    const proto = parse('--set-__proto__', '1', '--pair', '__proto__=2');
    expect(Object.keys(proto.families['--set-']!)).toEqual(['__proto__']);
    expect(Object.keys(proto.values.pairs)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(proto.values.pairs)).toBe(Object.prototype);
  });

  it('reads integers strictly and within their range', () => {
    for (const bad of ['abc', '1.5', '1e1', '', ' 3', '0x3', '+3', '3 ', '10', '0', 'Infinity']) {
      expect(() => parse('--count', bad), bad).toThrow(`--count takes an integer from 1 to 9, got '${bad}'`);
    }
    expect(parse('--seed', '-0').values.seed).toBe(0);
    const rate = defineCommand({
      name: 'rate',
      flags: { rate: flags.number({ names: '--rate', placeholder: 'R', doc: 'a rate', min: 0, max: 1 }) },
    });
    expect(parseArgs(rate, ['--rate', '.25']).values.rate).toBe(0.25);
    expect(parseArgs(rate, ['--rate', '1e-3']).values.rate).toBe(0.001);
    for (const bad of ['NaN', '0x1', '1.5', '', '.', '2e'])
      expect(() => parseArgs(rate, ['--rate', bad]), bad).toThrow(`--rate takes a number from 0 to 1, got '${bad}'`);
    expect(() => parse('--seed', '-101')).toThrow('--seed takes an integer from -100 to 100');
  });

  it('reads lists strictly: no empty list or item, no item twice, only the allowed ones', () => {
    expect(() => parse('--kinds', ',')).toThrow('--kinds needs at least one item: a,b from red, green, blue');
    expect(() => parse('--kinds', ' ')).toThrow('--kinds needs at least one item');
    expect(() => parse('--kinds', 'red,,blue')).toThrow("--kinds has an empty item (comma-separated, as in a,b), got 'red,,blue'");
    expect(() => parse('--kinds', 'red,red')).toThrow("--kinds names 'red' twice");
    expect(() => parse('--kinds', 'gren')).toThrow("--kinds: unknown 'gren' (did you mean green?) (one of red, green, blue)");
    expect(() => parse('--pair', 'novalue')).toThrow("--pair takes k=v (a name of letters, digits and _, then =), got 'novalue'");
    expect(() => parse('--pair', '=1')).toThrow('--pair takes k=v');
  });

  it('raises only LayerspecErrors, with echoed values cut to a few hundred characters', () => {
    const long = 'x'.repeat(50_000);
    let error: unknown;
    try {
      parse('--count', long);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LayerspecError);
    const message = error instanceof Error ? error.message : '';
    expect(message).toContain('... (50000 characters)');
    expect(message.length).toBeLessThan(ECHO_LIMIT + 200);
    expect(echo('a\nb')).toBe('"a\\nb"');
    expect(echo("it's")).toBe('"it\'s"');
  });
});

describe('usageOf', () => {
  it('writes the usage line and every option from the declarations', () => {
    const text = usageOf(SPEC);
    expect(text.split('\n').slice(0, 2)).toEqual([
      'usage: layerspec demo <Thing> [--set-<key> v ...] [--count N] [--seed S] [--kinds a,b] [--pair k=v ...]',
      '                      -o file [--other file] [--quiet]',
    ]);
    expect(text).toContain('  --count N          how many (default 3)');
    expect(text).toContain('  -o, --out file     where');
    expect(text).toContain('  --set-<key> v      a setting');
    expect(text).toContain('  --quiet            say less');
    expect(text).toContain('  -h, --help         this help');
  });

  it('is asked for by --help or -h anywhere', () => {
    expect(wantsHelp(['--count', '2', '-h'])).toBe(true);
    expect(wantsHelp(['--count', '2'])).toBe(false);
  });
});

describe('closest', () => {
  it('suggests a near name only', () => {
    expect(editDistance('--sed', '--seed', 2)).toBe(1);
    expect(editDistance('x'.repeat(10_000), '--seed', 2)).toBe(Number.POSITIVE_INFINITY);
    expect(closest('--backend', ['--backends', '--layers'])).toBe('--backends');
    expect(closest('--nope', ['--backends', '--layers'])).toBeUndefined();
  });
});

describe('unwritableReason', () => {
  it('accepts a new file in an existing or creatable folder, refuses a folder, a file as folder, a NUL', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(unwritableReason(join(dir, 'file'))).toBeUndefined();
    expect(unwritableReason(join(dir, 'new/deeper/x.json'))).toBeUndefined();
    expect(unwritableReason(dir)).toBe(`${dir} is a directory`);
    expect(unwritableReason(join(dir, 'file/x.json'))).toBe(
      `${join(dir, 'file')} is a file, so ${join(dir, 'file/x.json')} cannot be created`,
    );
    expect(unwritableReason('a\0b')).toBe('a path cannot hold a NUL character');
    expect(unwritableReason(dir, 'folder')).toBeUndefined();
    expect(unwritableReason(join(dir, 'new/folder'), 'folder')).toBeUndefined();
    expect(unwritableReason(join(dir, 'file'), 'folder')).toBe(`${join(dir, 'file')} is a file, not a folder`);
    expect(unwritableReason(join(dir, 'y'.repeat(300)))).toBe('a file or folder name is longer than 255 bytes');
  });
});
