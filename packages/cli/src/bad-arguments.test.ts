import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CONFORMANCE_USAGE } from './conformance-command.js';
import { runCli } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'layerspec-bad-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs the CLI in this process: its exit code, what it wrote to stderr and stdout, and how long it took. */
async function cli(...argv: string[]): Promise<{ code: number; stderr: string[]; stdout: string[]; ms: number }> {
  const stderr: string[] = [];
  const stdout: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void stderr.push(a.join(' ')));
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void stdout.push(a.join(' ')));
  const start = performance.now();
  const code = await runCli(argv);
  return { code, stderr, stdout, ms: performance.now() - start };
}

/** Exit code 1, one one-line message on stderr matching `message`, nothing on stdout (no work ran). */
async function rejected(argv: readonly string[], message: string | RegExp): Promise<string> {
  const r = await cli(...argv);
  expect(r.code, argv.join(' ')).toBe(1);
  expect(r.stdout).toEqual([]);
  expect(r.stderr).toHaveLength(1);
  expect(r.stderr[0]!.split('\n')).toHaveLength(1);
  expect(r.stderr[0]).toMatch(message);
  return r.stderr[0]!;
}

const out = join(dir, 'model.onnx');

describe('the CLI rejects bad arguments before any work, with exit code 1 and one message', () => {
  it('--input: a dim is a positive integer or a name, and nothing after = is dropped', async () => {
    await rejected(
      ['export', 'RNN', '--units', '4', '--input', 'q=batch,-3,8', '-o', out],
      "--input q: dim 1 is '-3', but a dim is a positive integer or a name",
    );
    await rejected(['export', 'RNN', '--units', '4', '--input', 'q=a,b,8=9', '-o', out], "--input q: dim 2 is '8=9'");
    await rejected(['export', 'RNN', '--units', '4', '--input', 'q=batch,0', '-o', out], "dim 1 is '0'");
    await rejected(['export', 'RNN', '--units', '4', '--input', 'q=', '-o', out], "dim 0 is ''");
    await rejected(['export', 'RNN', '--units', '4', '--input', 'q=batch,,3', '-o', out], "dim 1 is ''");
    await rejected(['export', 'RNN', '--units', '4', '--input', '=3', '-o', out], '--input takes name=dims');
    await rejected(['export', 'RNN', '--units', '4', '--input', 'q=3', '--input', 'q=4', '-o', out], "--input gives 'q' twice");
    expect(existsSync(out)).toBe(false);
  });

  it('a flag given twice is an error, not the last one winning', async () => {
    await rejected(['conformance', '--runs', '3', '--runs', '4'], "--runs is given twice ('3' and '4'); give it once");
    await rejected(['export', 'RNN', '--seed', '1', '--seed', '2', '--input', 'inputs=2,3,4', '-o', out], '--seed is given twice');
    await rejected(['export', 'RNN', '--units', '3', '--units', '4', '--input', 'inputs=2,3,4', '-o', out], "'--units' is given twice");
    await rejected(['tour', '--out', 'a', '-o', 'b'], '--out is given twice');
  });

  it('--seed takes an integer, not anything that Number() reads', async () => {
    await rejected(['conformance', '--seed', 'abc'], "--seed takes an integer from -2147483648 to 2147483647, got 'abc'");
    await rejected(['conformance', '--seed', ''], "--seed takes an integer from -2147483648 to 2147483647, got ''");
    await rejected(
      ['export', 'RNN', '--units', '4', '--seed', '1.5', '--input', 'inputs=2,3,4', '-o', out],
      "--seed takes an integer from 0 to 4294967295, got '1.5'",
    );
  });

  it('--weights: a value that is not a number is an error naming the flag, the file and the weight', async () => {
    const file = join(dir, 'strings.json');
    writeFileSync(file, JSON.stringify({ gamma: ['1', '2', '3', '4'], beta: [0, 0, 0, 0] }));
    await rejected(
      ['export', 'LayerNormalization', '--input', 'input=batch,4', '--weights', file, '-o', out],
      `--weights '${file}': weightsFromJSON: weight 'gamma': value 0 is "1", not a finite number`,
    );
    writeFileSync(file, JSON.stringify({ gamma: [1, 1, 1, 1], beta: [0, 0, 0, 0], extra: [1] }));
    await rejected(
      ['export', 'LayerNormalization', '--input', 'input=batch,4', '--weights', file, '-o', out],
      `--weights '${file}': LayerNormalization has no weight 'extra' (weights: `,
    );
    await rejected(
      ['export', 'LayerNormalization', '--input', 'input=batch,4', '--weights', join(dir, 'none.json'), '-o', out],
      /--weights '.*none\.json': ENOENT/,
    );
    await rejected(
      ['export', 'LayerNormalization', '--input', 'input=batch,4', '--weights', file, '--seed', '2', '-o', out],
      'give --seed or --weights, not both',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('conformance: an empty --backends or --layers list is an error, not a run of 0 checks', async () => {
    await rejected(['conformance', '--backends', ','], '--backends needs at least one item: a,b');
    await rejected(['conformance', '--layers', ' , '], '--layers needs at least one item: A,B');
    await rejected(
      ['conformance', '--backends', 'tfjs-cpu,'],
      "--backends has an empty item (comma-separated, as in a,b), got 'tfjs-cpu,'",
    );
    await rejected(
      ['conformance', '--backends', 'tfjs-cpux'],
      "--backends: unknown backend or target 'tfjs-cpux' (did you mean tfjs-cpu?)",
    );
    await rejected(
      ['conformance', '--layers', 'LayerNormalisation'],
      "--layers: unknown layer 'LayerNormalisation' (did you mean LayerNormalization?)",
    );
  });

  it('conformance --json: a file that cannot be written fails before the run', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const r = await cli('conformance', '--json', join(file, 'results.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([
      `layerspec conformance: --json cannot write '${join(file, 'results.json')}': ${file} is a file, so ${join(file, 'results.json')} cannot be created (layerspec conformance --help lists the options)`,
    ]);
    expect(r.stdout).toEqual([]);
    expect(r.ms).toBeLessThan(2000);
    await rejected(['conformance', '--json', dir], `--json cannot write '${dir}': ${dir} is a directory`);
  });

  it('conformance --path: only a fast-check replay path, and only with its --seed', async () => {
    await rejected(
      ['conformance', '--seed', '1', '--path', 'garbage'],
      "--path takes fast-check's replay path, numbers joined by colons (3:0:1), got 'garbage'",
    );
    await rejected(['conformance', '--seed', '1', '--path', '3::1'], "got '3::1'");
    await rejected(['conformance', '--path', '3:0'], '--path replays a case of one run: give the --seed it was reported with too');
  });

  it('echoed values are cut to a few hundred characters', async () => {
    const message = await rejected(['conformance', '--seed', '7'.repeat(100_000)], '... (100000 characters)');
    expect(message.length).toBeLessThan(500);
    const flag = await rejected(['tour', `--${'x'.repeat(5000)}`, '1'], '... (5002 characters)');
    expect(flag.length).toBeLessThan(500);
  });

  it('unknown flags get a did-you-mean, stray arguments are named', async () => {
    await rejected(['conformance', '--sed', '3'], "unknown flag '--sed' (did you mean --seed?)");
    await rejected(['tour', 'RNN'], "unexpected argument 'RNN' (the command takes only flags)");
    await rejected(['export', 'RNN', 'LSTM', '-o', out], "unexpected argument 'LSTM' (the command takes one <Layer>)");
    await rejected(['export', 'Rnn', '-o', out], "unknown layer 'Rnn' (did you mean RNN?)");
    await rejected(['conformance', '--runs'], '--runs needs a value: --runs N');
  });

  it('--help anywhere prints the help generated from the declarations and exits 0', async () => {
    const r = await cli('conformance', '--runs', '3', '--help');
    expect(r).toMatchObject({ code: 0, stdout: [CONFORMANCE_USAGE], stderr: [] });
    expect(CONFORMANCE_USAGE).toMatch(/^usage: layerspec conformance \[--backends a,b\]/);
    expect((await cli('export')).code).toBe(1);
  });
});
