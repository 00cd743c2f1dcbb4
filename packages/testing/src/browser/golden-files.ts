/// <reference types="vite/client" />
/**
 * The two node:fs calls of golden-data.ts, answered in the browser from the golden files bundled by Vite
 * (vitest.browser.config.ts aliases node:fs to this module in the browser suite only).
 */
const FILES = import.meta.glob<string>('../goldens/*.json', { eager: true, query: '?raw', import: 'default' });

const byName = new Map(Object.entries(FILES).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1), text]));

const nameOf = (url: URL | string): string =>
  String(url)
    .replace(/\/$/, '')
    .slice(String(url).replace(/\/$/, '').lastIndexOf('/') + 1);

export function readdirSync(dir: URL | string): string[] {
  if (nameOf(dir) !== 'goldens') throw new Error(`golden-files: only the goldens directory is readable here, not ${String(dir)}`);
  return [...byName.keys()];
}

export function readFileSync(file: URL | string, _encoding: 'utf8'): string {
  const text = byName.get(nameOf(file));
  if (text === undefined) throw new Error(`golden-files: no golden file ${String(file)}`);
  return text;
}
