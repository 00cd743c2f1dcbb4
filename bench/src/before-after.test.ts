import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { LAYER_CASES } from './before-after.js';

// The built program (npm test builds before testing), given this checkout's own folder as the other
// build: loaded by path as another checkout's would be, in a process of its own as it is run.
const main = fileURLToPath(new URL('../dist/before-after-main.js', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('before-after-main', () => {
  it('times one layer of a build loaded by its folder beside this one, and their outputs agree', async () => {
    const { stdout } = await run(process.execPath, [main, root, 'ref', 'rnn-simplernn']);
    const rows = stdout.split('\n').filter((l) => l.startsWith('| rnn-simplernn'));
    expect(rows).toHaveLength(1);
    const [, , backend, before, current, ratio, runs, diff] = rows[0]!.split('|').map((c) => c.trim());
    expect(backend).toBe('ref');
    expect(Number(before)).toBeGreaterThan(0);
    expect(Number(current)).toBeGreaterThan(0);
    expect(Number(ratio)).toBeCloseTo(Number(current) / Number(before), 1);
    expect(Number(runs)).toBeGreaterThanOrEqual(5);
    expect(Number(diff)).toBe(0);
  }, 120_000);

  it('refuses a name that is neither a backend nor a layer', async () => {
    await expect(run(process.execPath, [main, root, 'tfjs-gpu'])).rejects.toMatchObject({
      stderr: expect.stringContaining("'tfjs-gpu' is neither a backend"),
    });
  });

  it('names every layer once', () => {
    const ids = LAYER_CASES.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['mha', 'layernorm', 'attention-wrapper', 'luong-general', 'rnn-lstm']));
  });
});
