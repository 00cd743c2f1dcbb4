import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['layerspec-source'] },
  ssr: { resolve: { conditions: ['layerspec-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/src/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    // The browser suite runs in Chromium (vitest.browser.config.ts, scripts/browser-test.mjs).
    exclude: [...configDefaults.exclude, '**/*.browser.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
