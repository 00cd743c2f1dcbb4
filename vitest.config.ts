import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['layerspec-source'] },
  ssr: { resolve: { conditions: ['layerspec-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/src/**/*.test.ts', 'examples/*/src/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
