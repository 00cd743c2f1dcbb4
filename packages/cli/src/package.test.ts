import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg: unknown = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

function field(name: string): Record<string, unknown> {
  const value: unknown = typeof pkg === 'object' && pkg !== null ? Reflect.get(pkg, name) : undefined;
  if (typeof value !== 'object' || value === null) throw new Error(`package.json has no ${name}`);
  return Object.fromEntries(Object.entries(value));
}

describe("@layerspec/cli's package.json", () => {
  it('exports files that exist: the sources, and the built files after npm run build', () => {
    if (!existsSync(join(pkgDir, 'dist/bin.js'))) throw new Error('build the packages first: npm run build');
    for (const [entry, conditions] of Object.entries(field('exports'))) {
      if (typeof conditions !== 'object' || conditions === null) throw new Error(`export ${entry} has no conditions`);
      for (const [condition, target] of Object.entries(conditions)) {
        expect(existsSync(join(pkgDir, String(target))), `${entry} ${condition}: ${String(target)}`).toBe(true);
      }
    }
  });

  it('links a committed, executable bin that runs the built CLI', () => {
    const bin = join(pkgDir, String(field('bin')['layerspec']));
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    expect(readFileSync(bin, 'utf8')).toContain("new URL('../dist/bin.js', import.meta.url)");
  });
});
