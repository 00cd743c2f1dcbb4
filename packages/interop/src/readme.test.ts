/**
 * The marked examples of this package's README run as written: each is written to a file inside the
 * repository (so the packages resolve from its node_modules, as for a user) and run by node from the
 * package directory (so the fixture paths resolve), against the built packages.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, '..');
const root = resolve(packageDir, '../..');

const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/<!-- readme-example: (\S+) -->\s*```js\n([\s\S]*?)```/g)].map((m) => ({ name: m[1]!, code: m[2]! }));

const expected: Record<string, (out: string[]) => void> = {
  'from-torch.mjs': (out) =>
    expect(out).toEqual(['kernel [3,16], recurrent_kernel [4,16], bias [16]', 'max difference from torch: < 1e-6']),
  'from-torch-encoder.mjs': (out) =>
    expect(out).toEqual([
      '16 weights; max difference from torch: < 1e-5',
      "transformerEncoderFromTorch: batch_first: false (torch's default) takes (seq, batch, feature) inputs",
    ]),
  'from-keras.mjs': (out) =>
    expect(out[0]).toMatch(/^query\/kernel \[8,2,4\], query\/bias \[2,4\], key\/kernel \[8,2,4\], .*attention_output\/bias \[8\]$/),
  'keras-in-tfjs.mjs': (out) =>
    expect(out).toEqual(['InputLayer InputLayer InputLayer MultiHeadAttention Add LayerNormalization', '[ 1, 3, 8 ]']),
};

describe('packages/interop/README.md examples run as written', () => {
  it('finds every marked example', () => {
    expect(blocks.map((b) => b.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(blocks)('$name', ({ name, code }) => {
    if (!existsSync(join(packageDir, 'dist/index.js'))) throw new Error('build the packages first: npm run build');
    const dir = join(root, '.vitest/interop-readme');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, name);
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, [file], { cwd: packageDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expected[name]!(out.split('\n').filter((l) => l.trim() !== '' && !/tfjs-node|^=+$|looks like you are running/.test(l)));
  });
});
