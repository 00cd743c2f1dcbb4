/**
 * The Chromium that `layerspec conformance --browser` and the browser tests drive, and its flags: the
 * executable is CHROME_PATH, else chromium, chromium-browser or google-chrome on PATH (Playwright's own
 * browser downloads are never used). Checked with navigator.gpu.requestAdapter() and a WebGL 2 context on
 * Debian's chromium: with these flags WebGL and WebGPU run on SwiftShader where there is no GPU.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** --no-sandbox for containers; WebGPU behind its flag on Linux; WebGL and WebGPU on SwiftShader where there is no GPU. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
];

/** What to do when `findChromium` finds none. */
export const CHROMIUM_INSTALL_HINT = 'apt-get install chromium on Debian/Ubuntu, or set CHROME_PATH to a Chrome executable';

function onPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The Chromium or Chrome executable: `env.CHROME_PATH`, else chromium, chromium-browser or google-chrome on `env.PATH`. */
export function findChromium(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  return (
    env['CHROME_PATH'] ||
    ['chromium', 'chromium-browser', 'google-chrome'].map((n) => onPath(n, env['PATH'] ?? '')).find((f) => f !== undefined)
  );
}
