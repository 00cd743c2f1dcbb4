/**
 * The example of the README section "Layers for TensorFlow.js models" runs as written (through vitest's
 * module runner, so '@layerspec/*' resolve to their sources; after a build, plain `node` runs it too).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it, vi } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../..');

it('README: the tfjs-layers.mjs example trains, saves, loads and matches the reference engine', async () => {
  const readme = readFileSync(resolve(here, '../../README.md'), 'utf8');
  const match = /<!-- readme-example: tfjs-layers\.mjs -->\s*```js\n([\s\S]*?)```/.exec(readme);
  expect(match, 'the marked example in packages/backend-tfjs/README.md').not.toBeNull();
  // Inside the repository (in the git-ignored .vitest directory), so the packages resolve as for a user.
  const dir = join(root, '.vitest/backend-tfjs-readme');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'tfjs-layers.mjs');
  writeFileSync(file, match![1]!);
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    log.mockRestore();
  }
  console.log(lines.join('\n'));
  const [first, last] = /loss ([\d.]+) -> ([\d.]+)/
    .exec(lines[0] ?? '')!
    .slice(1)
    .map(Number);
  expect(last!).toBeLessThan(first!);
  expect(lines.slice(1)).toEqual([
    'loaded model predicts the same: true',
    'query/kernel query/bias key/kernel key/bias value/kernel value/bias attention_output/kernel attention_output/bias',
    'reference engine vs tfjs: max difference < 1e-5',
  ]);
});
