import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Code blocks that follow a `<!-- readme-example: name -->` marker in a markdown file. */
function examples(markdown: string): { name: string; code: string }[] {
  const found: { name: string; code: string }[] = [];
  const pattern = /<!-- readme-example: (\S+) -->\s*```js\n([\s\S]*?)```/g;
  for (const m of markdown.matchAll(pattern)) found.push({ name: m[1]!, code: m[2]! });
  return found;
}

describe('README examples run as written', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = examples(readme);

  it('finds the marked examples', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks)('$name', ({ name, code }) => {
    if (!existsSync(join(root, 'packages/spec/dist/index.js'))) throw new Error('build the packages first: npm run build');
    // Inside the repository, so the @layerspec packages resolve from its node_modules, as for a user.
    const dir = join(root, '.vitest/readme');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, name);
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, [file], { encoding: 'utf8' });
    expect(out.length).toBeGreaterThan(0);
    if (name === 'first-layer.mjs') {
      expect(out).toContain('query/kernel [8,2,4]');
      expect(out).toContain('[ 2, 3, 8 ] [ 2, 2, 3, 3 ]');
      // The first head's 3x3 causal map: the upper triangle is zero.
      const row = out.trim().split('\n').pop()!.split(' ').map(Number);
      expect([row[1], row[2], row[5]]).toEqual([0, 0, 0]);
      expect(row[0]).toBe(1);
    }
    if (name === 'compose-model.mjs') {
      const lines = out.trim().split('\n');
      expect(lines[0]).toBe('transformer_encoder/self_attention/query/kernel transformer_encoder_1/self_attention/query/kernel');
      const logits = (line: string | undefined, backend: string): number[] => {
        expect(line?.startsWith(`${backend} [ 2, 3 ] `)).toBe(true);
        return line!.split('] ')[1]!.split(' ').map(Number);
      };
      const [fromRef, fromOnnx] = [logits(lines[1], 'ref'), logits(lines[2], 'onnx-web')];
      expect(fromRef).toHaveLength(6);
      fromRef.forEach((v, i) => expect(Math.abs(v - fromOnnx[i]!)).toBeLessThanOrEqual(2e-4));
    }
    if (name === 'tfjs-model.mjs') expect(out.trim().split('\n').pop()).toBe('[ 2, 5, 16 ]');
    if (name === 'bound-runner.mjs')
      expect(out.trim().split('\n')).toEqual(['-1.342 -0.447 0.447 1.342 -1.342 -0.447 0.447 1.342', 'true true']);
    if (name === 'attention-wrapper.mjs') {
      const lines = out.trim().split('\n');
      expect(lines[0]).toBe('[ 1, 3, 8 ] [ 1, 3, 6 ]');
      const rows = lines.slice(1, 4).map((l) => l.split(' ').map(Number));
      for (const row of rows) expect([row[4], row[5]]).toEqual([0, 0]);
      expect(rows[0]).not.toEqual(rows[2]);
      expect(lines[4]).toBe('[ 1, 40, 8 ]');
    }
  });
});
