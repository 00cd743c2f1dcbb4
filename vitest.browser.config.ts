/**
 * The browser suite, driven by Playwright in headless Chromium, as two projects:
 * - `chromium`: packages/testing/src/browser/*.browser.test.ts run inside the page (vitest browser mode);
 * - `playground`: examples/playground/test/*.e2e.test.ts run in Node and drive the built playground page.
 * The browser is the one scripts/browser-test.mjs found (findChromium of @layerspec/cli/chromium); Playwright's
 * own browser downloads are never used. WebGL and WebGPU run on SwiftShader (software).
 */
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS } from '@layerspec/cli/chromium';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const executablePath = process.env['CHROME_PATH'];
if (!executablePath)
  throw new Error('vitest.browser.config.ts: set CHROME_PATH to a Chromium or Chrome executable (scripts/browser-test.mjs does)');

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        resolve: {
          conditions: ['layerspec-source', ...defaultClientConditions],
          // The golden cases are read with node:fs in Node; in the page the same calls read the bundled files.
          alias: { 'node:fs': fileURLToPath(new URL('./packages/testing/src/browser/golden-files.ts', import.meta.url)) },
        },
        optimizeDeps: { exclude: ['onnxruntime-web'] },
        test: {
          name: 'chromium',
          include: ['packages/*/src/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath, args: [...CHROMIUM_ARGS] } }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
      {
        extends: true,
        test: { name: 'playground', include: ['examples/playground/test/*.e2e.test.ts'], environment: 'node' },
      },
    ],
  },
});
