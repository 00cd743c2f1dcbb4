/**
 * The Chromium the browser suites drive: CHROME_PATH, else chromium, chromium-browser or google-chrome on
 * PATH; and its flags, checked with navigator.gpu.requestAdapter() and a WebGL 2 context on Debian's
 * chromium (WebGL and WebGPU then run on SwiftShader where there is no GPU). Playwright's own browser
 * downloads are never used.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
];

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
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

export function findChrome(): string | undefined {
  return process.env['CHROME_PATH'] || ['chromium', 'chromium-browser', 'google-chrome'].map(onPath).find((f) => f !== undefined);
}
